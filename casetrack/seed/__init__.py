"""The seed: YAML files compiled into rows, validated, and loaded (headless: no TUI, no CLI)."""
