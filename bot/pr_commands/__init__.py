"""Review from the PR page: maintainers' `@litbot ...` comments on a litbot PR, parsed and applied to its branch."""
