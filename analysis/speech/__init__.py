"""Model-bound, CPU-heavy stages: audio decoding, speech recognition, diarisation, alignment."""
