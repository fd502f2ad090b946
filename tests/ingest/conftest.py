"""Fixtures for the ingestion tests: small files written into tmp_path."""

import json
from pathlib import Path

import pytest

from archive.ingest.pipeline import ingest


@pytest.fixture
def write_file(tmp_path):
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_jsonl(write_file):
    def write(name: str, records: list) -> Path:
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        return write_file(name, "\n".join(lines) + "\n")

    return write


@pytest.fixture
def run_import(db):
    def run(*paths, **options):
        return ingest([str(p) for p in paths], **options)

    return run


def page(title: str, paragraphs: list[str], *, head: str = "", extra: str = "") -> str:
    """A small but realistic article page (trafilatura needs some text to find the article)."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>{title}</title>"
            f"{head}</head><body><header><nav><a href='/'>Accueil</a></nav></header>"
            f"<article><h1>{title}</h1>{body}{extra}</article>"
            f"<footer><p>Mentions légales</p></footer></body></html>")


PARAGRAPHS = [
    "Le gouvernement a présenté mercredi en conseil des ministres un projet de loi qui "
    "réforme en profondeur le système des retraites, suscitant la colère des syndicats.",
    "Les organisations syndicales appellent à une journée de grève et de manifestations "
    "dans toute la France la semaine prochaine, avec des cortèges attendus dans les grandes "
    "villes et une mobilisation particulièrement forte dans les transports publics.",
    "À l'Assemblée nationale, l'opposition de gauche comme de droite dénonce un texte "
    "préparé sans concertation et promet de déposer des milliers d'amendements lors de "
    "l'examen en commission, qui doit commencer au début du mois prochain.",
    "Le Premier ministre a défendu une réforme « juste et nécessaire » et assuré que le "
    "dialogue restait ouvert, tout en excluant de revenir sur le report de l'âge légal.",
]
