"""What a run is: the models (each on a connection, with the price of its route) and settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from llm_atlas.evaluate.connections import Connection
from llm_atlas.evaluate.pricing import Price


@dataclass(frozen=True)
class ModelSpec:
    key: str  # unique within a run; what tables and charts call this model
    connection: Connection = field(compare=False)
    request_id: str = ""  # the id sent to the endpoint
    model_id: str | None = None  # the catalog model, when picked from the catalog
    price: Price | None = None

    def public(self) -> dict:
        """Storable and shareable: never the key."""
        return {
            "key": self.key,
            "connection": self.connection.public(),
            "endpoint_id": self.connection.endpoint_id,
            "request_id": self.request_id,
            "model_id": self.model_id,
            "price": asdict(self.price) if self.price else None,
        }

    @staticmethod
    def from_public(data: dict, connection: Connection) -> ModelSpec:
        price = Price(**data["price"]) if data.get("price") else None
        return ModelSpec(data["key"], connection, data["request_id"], data.get("model_id"), price)


@dataclass(frozen=True)
class RunSettings:
    system_prompt: str = ""
    temperature: float | None = 0.0
    max_tokens: int = 512
    grader: str = "exact"  # the default; a case may name its own
    tolerance: float = 1e-6  # numeric grader, absolute
    concurrency: int = 4  # requests in flight per endpoint
    timeout_s: float = 60.0  # per request: connect, and the longest silence while reading
    max_retries: int = 3  # on 429, 5xx and connection errors
    spend_cap_usd: float | None = 1.0  # stop starting requests that could pass it
    case_cap: int | None = None  # run only the first N cases
    stream: bool = True
    rubric: str = ""  # judge grader
    judge_key: str | None = None  # the ModelSpec.key of the judge (one of the run's models or extra)

    def public(self) -> dict:
        return asdict(self)
