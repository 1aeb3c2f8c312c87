"""Attribution: who said what, citing whom (statements, speakers, relay chains, modality), and framing.

The per-article stages live in `didban.stages.statements` and `didban.stages.framing`; the Persian
lexicons they read are `didban/fa/cues.tsv` and `didban/fa/epithets.tsv`.
"""
