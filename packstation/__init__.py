"""packstation: the packing-bench station for Seven Senders shippers."""

__version__ = "0.1.0"
