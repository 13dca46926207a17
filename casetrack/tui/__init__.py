"""The Textual terminal UI. Nothing outside this package imports Textual.

Entry point: :func:`casetrack.tui.app.make_app`.
"""
