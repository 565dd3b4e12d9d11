"""Every stage after audio: transcription, diarisation, alignment, classification, reports."""
