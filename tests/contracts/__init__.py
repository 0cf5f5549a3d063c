"""Tests: the ports' contracts, passed by each real adapter and its fake alike."""
