"""The decision memo (beslutsunderlag): one document model, written as DOCX and as PDF."""
