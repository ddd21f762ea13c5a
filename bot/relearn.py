"""Learning that survives stateless runners: the model a run uses is a function of what the repository says.

Each run derives the maintainers' decisions again from the list's repository (litbot PRs and the README, via
bot.learn.derive, plus the committed decisions file of bot.decisions_file) and keeps a model learned from them in
the state folder (`model/` in `state.dir`, bot.paths). The model's metadata records a fingerprint of what it learned
from (the decisions' verdicts, the README's leaf sections, the base model's training data and the training options);
an unchanged fingerprint never retrains, and once `state.retrain_after` verdicts differ from those the learned model
knows, it is retrained deterministically on all of them. Two runs on two fresh runners that share nothing but the
repository therefore train on the same decisions and use the same model; a cached runner lags them by fewer than
`retrain_after` decisions, exactly as one long-lived deployment would. With no decisions yet (or fewer than
`retrain_after` and no learned model), the base model (shipped, or classifier.model_path) is used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import ModelError
from bot.readme import Document
from bot.store import Decision

if TYPE_CHECKING:
    from classifiers.options import Options

log = logging.getLogger(__name__)

KEY = "learned"  # the model metadata's record of what a learned model learned from


def decision_set(derived: Iterable[Decision], committed: Iterable[Decision]) -> tuple[Decision, ...]:
    """One decision per paper, sorted by arXiv id: what PRs and the README say wins over the committed file."""
    out = {d.arxiv_id: d for d in committed}
    out.update((d.arxiv_id, d) for d in derived)
    return tuple(out[k] for k in sorted(out))


def verdicts(decisions: Iterable[Decision]) -> list[dict]:
    """What training takes from each decision, as JSON (id, label, section, title, a hash of the abstract), and
    where the decision came from (`source`, for people: it is not part of what must match)."""
    return [{"arxiv_id": d.arxiv_id, "label": d.label, "section": list(d.section) if d.section else None,
             "title": d.title, "abstract": hashlib.sha256(d.abstract.encode()).hexdigest()[:16] if d.abstract else "",
             "source": d.source} for d in sorted(decisions, key=lambda d: d.arxiv_id)]


def _learned_from(rows: Iterable[dict]) -> dict[str | None, dict]:
    return {r.get("arxiv_id"): {k: v for k, v in r.items() if k != "source"} for r in rows if isinstance(r, dict)}


def context(leaves: Sequence[Sequence[str]], base: str, limit: int | None, options: dict) -> dict:
    """Everything besides the decisions that a learned model depends on."""
    return {"leaves": [list(p) for p in leaves], "base": base, "limit": limit, "options": options}


def fingerprint(decisions: Iterable[Decision], where: dict) -> str:
    """sha256 over the decisions' verdicts and the context: equal exactly when retraining would learn the same."""
    learned = sorted(_learned_from(verdicts(decisions)).items())
    text = json.dumps({"decisions": learned, "context": where}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Plan:
    """What to do before a run: retrain the learned model or not, and which model the run then uses."""

    retrain: bool
    use_learned: bool
    changed: int  # verdicts that differ from those the learned model knows (all of them when it is unusable)
    fingerprint: str
    reason: str


def plan(decisions: Sequence[Decision], where: dict, learned: dict | None, threshold: int) -> Plan:
    """Decide from the derived decisions, the context, the learned model's `learned` record (None: there is none
    or it is unreadable) and state.retrain_after. Pure."""
    want = fingerprint(decisions, where)
    if not decisions:
        return Plan(False, False, 0, want, "no maintainer decisions in the repository yet: the base model")
    if learned and learned.get("fingerprint") == want:
        return Plan(False, True, 0, want, f"learned from these {len(decisions)} decisions already")
    usable = bool(learned) and learned is not None and learned.get("context") == where
    if learned and usable:
        known, now = _learned_from(learned.get("decisions") or []), _learned_from(verdicts(decisions))
        changed = sum(1 for k in known.keys() | now.keys() if known.get(k) != now.get(k))
    else:
        changed = len(decisions)
    if changed >= threshold:
        return Plan(True, True, changed, want, f"{changed} decisions new or changed (retrain after {threshold})")
    if usable:
        return Plan(False, True, changed, want,
                    f"{changed} decisions new or changed since the learned model (retrain after {threshold})")
    return Plan(False, False, changed, want,
                f"{len(decisions)} decisions, fewer than state.retrain_after ({threshold}): the base model")


def read_learned(model_dir: Path) -> dict | None:
    """The `learned` record in a model folder's metadata, or None (no model there, or not a learned one)."""
    try:
        meta = json.loads((Path(model_dir) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    record = meta.get(KEY) if isinstance(meta, dict) else None
    return record if isinstance(record, dict) and (Path(model_dir) / "model.skops").exists() else None


def base_identity(base_model: Path) -> str:
    """The base model's training-data hash (it changes when litbot ships new data and a new model)."""
    try:
        meta = json.loads((Path(base_model) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(meta.get("training_data_sha256") or "") if isinstance(meta, dict) else ""


@dataclass(frozen=True)
class Outcome:
    model: Path  # the folder the run loads its classifier from
    plan: Plan
    meta: dict | None = None  # the new model's metadata when it was retrained


def keep_in_step(decisions: Sequence[Decision], doc: Document, *, base_model: Path, learned_dir: Path,
                 data_dir: Path, threshold: int, limit: int | None = None,
                 opts: Options | None = None) -> Outcome:
    """Retrain the learned model into `learned_dir` when `plan` says so; return the model folder to use.

    The new model is written beside the old one and swapped in whole, so a crash leaves one or the other.
    """
    from dataclasses import asdict

    from classifiers.options import Options

    opts = opts or Options()
    where = context(doc.leaf_paths(), base_identity(base_model), limit, asdict(opts))
    chosen = plan(decisions, where, read_learned(learned_dir), threshold)
    log.info("learned model: %s", chosen.reason)
    if not chosen.retrain:
        return Outcome(learned_dir if chosen.use_learned else base_model, chosen)
    from classifiers.training import train

    fresh = learned_dir.with_name(learned_dir.name + ".new")
    old = learned_dir.with_name(learned_dir.name + ".old")
    record = {"fingerprint": chosen.fingerprint, "context": where, "decisions": verdicts(decisions)}
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        meta = train(doc, doc.render(), data_dir, fresh, opts=opts, limit=limit,
                     decisions=[d.to_dict() for d in decisions], extra_meta={KEY: record})
        shutil.rmtree(old, ignore_errors=True)
        if learned_dir.exists():
            learned_dir.rename(old)
        fresh.rename(learned_dir)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise ModelError(f"cannot write the learned model to {learned_dir}: {exc.strerror or exc}") from None
    return Outcome(learned_dir, chosen, meta)
