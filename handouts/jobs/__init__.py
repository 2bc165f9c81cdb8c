"""Jobs: whole documents made from many parts: the default build, packets and batches."""
