"""Extraction on a Dask cluster: the client plans shards, workers extract them into Parquet files,
the client loads finished shards into the store in order (see `run.ingest_cluster`)."""
