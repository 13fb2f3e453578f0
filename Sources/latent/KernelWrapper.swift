/// The Jupyter wrapper kernel `latent kernel install` writes as `latent_kernel.py`: an ipykernel
/// `Kernel` that runs `latent --protocol` as a child and translates its JSON lines into Jupyter
/// messages (streams, image display data, errors, completions). SIGINT from Jupyter's interrupt is
/// forwarded to the child, which stops `train` at a batch boundary; a restart starts a new child.
let kernelWrapperSource = #"""
"""Jupyter kernel for latent: wraps `latent --protocol` (written by `latent kernel install`)."""
import base64
import json
import os
import signal
import subprocess
import sys
import uuid

from ipykernel.kernelapp import IPKernelApp
from ipykernel.kernelbase import Kernel

LATENT = "latent"


class LatentKernel(Kernel):
    implementation = "latent"
    implementation_version = "0.1"
    language = "latent"
    language_version = "0.1"
    language_info = {"name": "latent", "mimetype": "text/x-latent", "file_extension": ".latent",
                     "pygments_lexer": "latent", "codemirror_mode": "python"}
    banner = "latent — type 'help' for commands"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.child = None
        self.live_id = None
        register_lexer()
        self.start_child()

    def start_child(self):
        # A session of its own, so only the forwarded SIGINT reaches it (once).
        self.child = subprocess.Popen([LATENT, "--protocol"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      start_new_session=True, bufsize=0)

    def pre_handler_hook(self):
        self.saved_sigint_handler = signal.signal(signal.SIGINT, self.forward_interrupt)

    def forward_interrupt(self, signum, frame):
        if self.child is not None and self.child.poll() is None:
            os.kill(self.child.pid, signal.SIGINT)

    def request(self, message):
        if self.child is None or self.child.poll() is not None:
            self.start_child()
        self.child.stdin.write((json.dumps(message) + "\n").encode())
        self.child.stdin.flush()

    def replies(self):
        """Reply objects from the child until (and with) the one that ends the request."""
        while True:
            line = self.child.stdout.readline()
            if not line:
                yield {"type": "done", "status": "error",
                       "error": "latent ended unexpectedly; the next cell starts a fresh session"}
                return
            reply = json.loads(line)
            yield reply
            if reply["type"] in ("done", "completion", "is_complete", "inspect"):
                return

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False,
                   *, cell_meta=None, cell_id=None):
        self.request({"op": "execute", "code": code})
        for reply in self.replies():
            kind = reply["type"]
            if kind == "stream" and not silent:
                self.send_response(self.iopub_socket, "stream", {"name": reply["name"], "text": reply["text"]})
            elif kind == "display" and not silent and "html" in reply:
                self.send_response(self.iopub_socket, "display_data",
                                   {"data": {"text/html": reply["html"], "text/plain": reply.get("url", "")}, "metadata": {}})
            elif kind == "display" and not silent:
                self.send_display(reply["path"], reply.get("mime", "image/png"))
            elif kind == "live" and not silent:
                self.show_live(reply["text"], reply.get("end", False))
            elif kind == "done":
                self.live_id = None
                if reply["status"] == "ok":
                    return {"status": "ok", "execution_count": self.execution_count,
                            "payload": [], "user_expressions": {}}
                text = reply.get("error", "")
                lines = text.rstrip("\n").split("\n")
                ename = reply.get("ename", "LatentError")
                evalue = lines[-1] if ename == "KeyboardInterrupt" else (lines[0] if lines else "")
                content = {"ename": ename, "evalue": evalue, "traceback": lines}
                if "line" in reply:
                    content["line"] = reply["line"]
                if not silent:
                    self.send_response(self.iopub_socket, "error", content)
                return dict(status="error", execution_count=self.execution_count, **content)

    def show_live(self, text, end):
        """Training's live line in one display updated in place (a saved notebook keeps its last state)."""
        content = {"data": {"text/plain": text}, "metadata": {}}
        if self.live_id is None:
            if end:
                return
            self.live_id = uuid.uuid4().hex
            self.send_response(self.iopub_socket, "display_data", dict(content, transient={"display_id": self.live_id}))
        else:
            self.send_response(self.iopub_socket, "update_display_data", dict(content, transient={"display_id": self.live_id}))
            if end:
                self.live_id = None

    def do_is_complete(self, code):
        self.request({"op": "is_complete", "code": code})
        for reply in self.replies():
            if reply["type"] == "is_complete":
                if reply["status"] == "incomplete":
                    return {"status": "incomplete", "indent": "    "}
                return {"status": reply["status"]}
        return {"status": "unknown"}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        self.request({"op": "inspect", "code": code, "cursor": cursor_pos})
        for reply in self.replies():
            if reply["type"] == "inspect":
                found = bool(reply["found"])
                return {"status": "ok", "found": found, "data": {"text/plain": reply["text"]} if found else {}, "metadata": {}}
        return {"status": "ok", "found": False, "data": {}, "metadata": {}}

    def send_display(self, path, mime):
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as error:
            self.send_response(self.iopub_socket, "stream", {"name": "stderr", "text": f"cannot show {path}: {error}\n"})
            return
        data = raw.decode() if mime == "image/svg+xml" else base64.b64encode(raw).decode()
        self.send_response(self.iopub_socket, "display_data",
                           {"data": {mime: data, "text/plain": path}, "metadata": {}})

    def do_complete(self, code, cursor_pos):
        self.request({"op": "complete", "code": code, "cursor": cursor_pos})
        for reply in self.replies():
            if reply["type"] == "completion":
                return {"status": "ok", "matches": reply["matches"], "cursor_start": reply["start"],
                        "cursor_end": reply["end"], "metadata": {}}
        return {"status": "ok", "matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos, "metadata": {}}

    def do_shutdown(self, restart):
        if self.child is not None and self.child.poll() is None:
            self.child.stdin.close()
            try:
                self.child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.child.kill()
        return {"status": "ok", "restart": restart}


def register_lexer():
    """Makes the `latent` Pygments lexer beside this file known to Pygments in this process."""
    try:
        import pygments.lexers
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from latent_lexer import LatentLexer
        pygments.lexers.LEXERS.setdefault("LatentLexer", ("latent_lexer", "latent", ("latent",), ("*.latent",), ("text/x-latent",)))
        return LatentLexer
    except ImportError:
        return None


if __name__ == "__main__":
    if "--latent" in sys.argv:
        at = sys.argv.index("--latent")
        LATENT = sys.argv[at + 1]
        del sys.argv[at:at + 2]
    IPKernelApp.launch_instance(kernel_class=LatentKernel)
"""#
