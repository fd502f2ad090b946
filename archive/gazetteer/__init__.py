"""The gazetteer of French politics: loading the fixtures and importing further lists."""
