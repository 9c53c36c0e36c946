"""`make run` starts a crashed server again, waiting longer while it keeps crashing."""

from dataclasses import dataclass, field
from typing import List

from bot.services import Supervisor


@dataclass
class FakeProcess:
    returncode: int = 0


@dataclass
class FakeService:
    name: str
    up: bool = True
    starts: int = 0
    process: FakeProcess = field(default_factory=FakeProcess)

    def running(self) -> bool:
        return self.up

    def healthy(self) -> bool:
        return self.up

    def start(self, environment) -> None:
        self.starts += 1
        self.up = True


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _supervisor(*services):
    clock, said = Clock(), []
    return Supervisor(list(services), {}, clock=clock, say=said.append), clock, said


def test_a_crashed_server_is_started_again_and_the_others_go_on():
    actions, rasa = FakeService("action server"), FakeService("Rasa server")
    supervisor, clock, said = _supervisor(actions, rasa)
    supervisor.check()
    assert said == []
    actions.up, actions.process.returncode = False, -9
    supervisor.check()
    assert said == ["The action server stopped unexpectedly (exit code -9); "
                    "starting it again in 1 s."]
    assert actions.starts == 0  # not before the delay
    clock.now += 1
    supervisor.check()
    assert actions.starts == 1 and rasa.starts == 0
    clock.now += 1
    supervisor.check()
    assert said[-1] == "The action server is back (restart 1)."


def test_the_delay_doubles_while_it_keeps_crashing_and_resets_once_stable():
    page = FakeService("web page")
    supervisor, clock, said = _supervisor(page)
    delays: List[str] = []
    for _ in range(8):
        page.up = False
        supervisor.check()
        delays.append(said[-1].rsplit("in ", 1)[1])
        clock.now += Supervisor.MAX_DELAY
        supervisor.check()  # started again
    assert delays == ["1 s.", "2 s.", "4 s.", "8 s.", "16 s.", "32 s.", "60 s.", "60 s."]
    clock.now += Supervisor.STABLE_AFTER
    supervisor.check()
    page.up = False
    supervisor.check()
    assert said[-1].endswith("starting it again in 1 s.")
