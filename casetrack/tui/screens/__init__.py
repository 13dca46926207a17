"""The screens of the casetrack TUI; each owns its handlers and its data loading."""
