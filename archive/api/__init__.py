"""The JSON API (django-ninja): search, articles, figures, parties; OpenAPI at
/api/openapi.json, interactive docs at /api/docs."""
