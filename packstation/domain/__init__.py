"""Domain: plain data and rules of the packing bench (standard library only)."""
