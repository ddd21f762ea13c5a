"""The controlled venue vocabulary of the survey README, and normalisation of the spellings the file uses."""

from __future__ import annotations

import re

# Canonical venue names, as they should appear inside <ins>Venue, Year</ins>.
CANONICAL: tuple[str, ...] = (
    "arXiv",
    # ML / NLP conferences and journals
    "NeurIPS", "ICML", "ICLR", "AAAI", "IJCAI", "UAI", "AISTATS", "COLT", "CVPR", "ICCV", "ECCV", "KDD", "WWW",
    "ACL", "EMNLP", "NAACL", "EACL", "AACL", "COLING", "CoNLL", "TACL",
    "ACL Findings", "EMNLP Findings", "NAACL Findings", "EACL Findings", "AACL Findings",
    "TMLR", "JMLR", "TPAMI", "COLM", "ICASSP", "Interspeech",
    # Systems and architecture
    "MLSys", "OSDI", "SOSP", "NSDI", "EuroSys", "ASPLOS", "ISCA", "MICRO", "HPCA", "DAC", "SC", "PPoPP",
    "USENIX ATC", "VLDB", "SIGMOD", "IPDPS", "ICPP", "SoCC", "FAST", "SIGCOMM", "MobiCom", "MobiSys", "FPGA",
    # Non-paper resources the file lists
    "Blog", "Github", "Website",
)

_BY_KEY = {re.sub(r"[^a-z0-9]", "", name.lower()): name for name in CANONICAL}

# Spellings seen in the README's history (typos, old names, hyphenated findings) -> canonical.
VARIANTS: dict[str, str] = {
    "arxiv": "arXiv",
    "arxivpreprint": "arXiv",
    "preprint": "arXiv",
    "neurlps": "NeurIPS",
    "nips": "NeurIPS",
    "neurips": "NeurIPS",
    "naaclhlt": "NAACL",
    "naccl": "NAACL",
    "atc": "USENIX ATC",
    "usenixatc": "USENIX ATC",
    "procvldbendow": "VLDB",
    "pvldb": "VLDB",
    "github": "Github",
    "githubrepository": "Github",
    "mlsys": "MLSys",
    "conferenceonlanguagemodeling": "COLM",
    "transactionsonmachinelearningresearch": "TMLR",
    "neuralinformationprocessingsystems": "NeurIPS",
    "internationalconferenceonmachinelearning": "ICML",
    "internationalconferenceonlearningrepresentations": "ICLR",
}

_FINDINGS = ("acl", "emnlp", "naacl", "eacl", "aacl")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def normalise_venue(raw: str) -> str:
    """Map a venue as written (`NeurlPS`, `Arxiv`, `ACL-Findings`, `Findings-NAACL`) to the canonical name.

    Unknown venues come back stripped but otherwise as written, so nothing the maintainers typed is lost.
    A trailing apostrophe-year (`SC'21`, `MLSys'24`) is dropped; workshop venues keep their qualifier.
    """
    text = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip().strip(",")
    text = re.sub(r"\s*['’‘]\s*\d{2}$", "", text)
    key = _key(text)
    if not key:
        return text
    for conf in _FINDINGS:
        if key in (f"{conf}findings", f"findings{conf}", f"findingsof{conf}"):
            return f"{conf.upper()} Findings"
    if key in VARIANTS:
        return VARIANTS[key]
    if key in _BY_KEY:
        return _BY_KEY[key]
    # "NeurlPS Workshop" -> "NeurIPS Workshop", "NeurlPS-ENLSP" -> "NeurIPS-ENLSP": fix the head word only.
    head = re.match(r"([A-Za-z]+)([\s\-].*)$", text)
    if head:
        fixed = VARIANTS.get(_key(head.group(1))) or _BY_KEY.get(_key(head.group(1)))
        if fixed and fixed != head.group(1):
            return fixed + head.group(2)
    return text


def is_preprint(venue: str) -> bool:
    """True for an arXiv (or blank) venue: the entries a venue refresh should look at."""
    return normalise_venue(venue) in ("arXiv", "")
