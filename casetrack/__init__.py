"""casetrack: the litigation over the 2020 voting-machine claims, as data and a terminal UI."""

__version__ = "0.1.0"
