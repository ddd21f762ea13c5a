"""litbot: finds new arXiv papers for the Efficient-LLMs-Survey README and proposes them as insert-only PRs."""

__version__ = "0.1.0"
