"""Short explanations beside the filters, collapsed by default (content: shared/LESSONS.md, own words)."""

import streamlit as st

EXPLAINERS = {
    "Kinds of models": (
        "**Chat / text** models write text and code from a prompt. **Code** models are tuned on source code. "
        "**Embeddings** turn text into vectors of numbers so you can search, cluster or classify by meaning; "
        "they are the retrieval half of RAG. **Image generation** makes or edits pictures from a description. "
        "**Speech to text** transcribes audio; **text to speech** reads text aloud. **Vision input** means a chat "
        "model also accepts images."
    ),
    "Foundation model or fine-tune?": (
        "A foundation model is trained on a huge amount of unlabelled data to be a general base. A fine-tune "
        "starts from one and trains further on curated examples for a job: a chat assistant is a fine-tune of a "
        "foundation model. The *base model* in a model's detail tells you what it was built from."
    ),
    "Open or proprietary?": (
        "Open-weights models can be downloaded, inspected, changed and run on your own hardware; they are often "
        "cheaper per token but you host and maintain them. Proprietary models are used through the owner's API: "
        "ready for production, but you cannot change them and you send your data to the owner. "
        "**Licence class**: *permissive* (e.g. Apache-2.0, MIT) allows commercial use; *open-restricted* comes "
        "with conditions (e.g. Llama or Gemma terms, non-commercial, or no licence stated at all)."
    ),
    "Encoder, decoder, or both?": (
        "Decoder-only models (the GPT family, Llama) generate text well. Encoder-only models (BERT) understand "
        "text and make good classifiers and embedders, but do not write. Encoder-decoders (T5, BART, Whisper) "
        "read an input and write an output: translation, summaries, transcription."
    ),
    "Service or model?": (
        "A service bundles a model with hosting, security, scaling and pay-as-you-go billing. A model on its own "
        "is just weights: you need hardware to run it and must respect its licence."
    ),
}


def render_explainers() -> None:
    with st.sidebar.expander("What do these filters mean?", expanded=False):
        for title, text in EXPLAINERS.items():
            st.markdown(f"**{title}**  \n{text}")
