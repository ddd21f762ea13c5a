"""The state file's schema as numbered migrations; PRAGMA user_version holds how many have been applied.

Later features add tables by appending to MIGRATIONS; a migration is never edited once released.
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: papers and their versions, processed announce days, runs.
    """
    CREATE TABLE papers (
        arxiv_id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        latest_version INTEGER NOT NULL,
        first_announced TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        record TEXT NOT NULL
    );
    CREATE INDEX papers_first_announced ON papers(first_announced);
    CREATE TABLE paper_versions (
        arxiv_id TEXT NOT NULL REFERENCES papers(arxiv_id),
        version INTEGER NOT NULL,
        announce_date TEXT,
        announce_type TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        PRIMARY KEY (arxiv_id, version)
    );
    CREATE TABLE days (
        day TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        categories TEXT NOT NULL,
        papers INTEGER NOT NULL,
        completed_at TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running',
        counts TEXT NOT NULL DEFAULT '{}',
        errors TEXT NOT NULL DEFAULT '[]'
    );
    """,
    # 2: what happened to each paper, the maintainers' triage queue, and decisions that feed training.
    """
    CREATE TABLE outcomes (
        arxiv_id TEXT PRIMARY KEY,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        section TEXT,
        relevance REAL,
        day TEXT,
        branch TEXT,
        run_id INTEGER REFERENCES runs(id),
        decided_at TEXT NOT NULL
    );
    CREATE INDEX outcomes_day ON outcomes(day);
    CREATE TABLE triage (
        arxiv_id TEXT PRIMARY KEY,
        day TEXT,
        reason TEXT NOT NULL,
        prediction TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        section TEXT,
        queued_at TEXT NOT NULL,
        decided_at TEXT
    );
    CREATE INDEX triage_status ON triage(status, day);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        arxiv_id TEXT NOT NULL,
        title TEXT NOT NULL,
        label TEXT NOT NULL CHECK (label IN ('positive', 'negative')),
        section TEXT,
        source TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        decided_at TEXT NOT NULL,
        trained INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX decisions_paper ON decisions(arxiv_id);
    """,
    # 3: one triage record shape. Queued predictions written as `"sections": [[path, score], ...]` and
    # `"nearest": [[title, arxiv_id], ...]` become `[{"path", "score"}, ...]` and `[{"title", "arxiv_id"}, ...]`,
    # the shape `litbot classify` prints. Elements of neither shape (a damaged record) are kept as they are.
    """
    UPDATE triage SET prediction = json_set(prediction, '$.sections', (
        SELECT json_group_array(CASE s.type
            WHEN 'array' THEN json_object(
                'path', CASE json_type(s.value, '$[0]') WHEN 'array' THEN json(json_extract(s.value, '$[0]'))
                        ELSE json_extract(s.value, '$[0]') END,
                'score', json_extract(s.value, '$[1]'))
            WHEN 'object' THEN json(s.value)
            ELSE s.value END)
        FROM json_each(prediction, '$.sections') AS s))
    WHERE CASE WHEN json_valid(prediction) THEN json_type(prediction, '$.sections') END = 'array';
    UPDATE triage SET prediction = json_set(prediction, '$.why.nearest', (
        SELECT json_group_array(CASE n.type
            WHEN 'array' THEN json_object('title', json_extract(n.value, '$[0]'),
                                          'arxiv_id', json_extract(n.value, '$[1]'))
            WHEN 'object' THEN json(n.value)
            ELSE n.value END)
        FROM json_each(prediction, '$.why.nearest') AS n))
    WHERE CASE WHEN json_valid(prediction) THEN json_type(prediction, '$.why.nearest') END = 'array';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
