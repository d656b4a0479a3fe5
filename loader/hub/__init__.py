"""The live Hugging Face Hub as a source: its HTTP API, family and whole-Hub crawls that
resume from a checkpoint, and fetching the published dataset's files."""
