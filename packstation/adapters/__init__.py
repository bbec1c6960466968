"""Adapters: the concrete outside world (HTTP to Seven Senders, printers, files)."""
