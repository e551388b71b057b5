"""PyTorch twin of the tfjs bench models (issue 7).

Driven by bench/torch-reference.ts over stdin/stdout, one JSON object per line each way:
  {"cmd": "build", "model": NAME, "args": {...}, "input": [N, H, W, C], "classes": K,
   "threads": T, "optimiser": {"lr": .., "momentum": ..}, "seed": S}
      -> {"ok": true, "params": P, "state": S, "output_nhwc": [N, H, W, K], "threads": T, "torch": VERSION}
  {"cmd": "train", "steps": n}  -> {"ok": true, "ms": [...], "loss": last}
  {"cmd": "infer", "steps": n}  -> {"ok": true, "ms": [...]}
  {"cmd": "quit"}
Errors come back as {"ok": false, "error": "..."}.
"""
import json
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallNet(nn.Module):
    """conv3x3-BN-ReLU, strided conv3x3-BN-ReLU, transposed conv 2x2 /2 + ReLU, 1x1 conv."""

    def __init__(self, channels, classes, width=16):
        super().__init__()
        self.stem = nn.Conv2d(channels, width, 3, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(width)
        self.down = nn.Conv2d(width, 2 * width, 3, stride=2, padding=1, bias=False)
        self.down_bn = nn.BatchNorm2d(2 * width)
        self.up = nn.ConvTranspose2d(2 * width, width, 2, stride=2)
        self.head = nn.Conv2d(width, classes, 1)

    def forward(self, x):
        h = F.relu(self.stem_bn(self.stem(x)))
        h = F.relu(self.down_bn(self.down(h)))
        h = F.relu(self.up(h))
        return self.head(h)


class ConvBn(nn.Module):
    """conv (no bias, 'same' padding) + BatchNorm + optional ReLU: src/models/layers/conv-bn.ts."""

    def __init__(self, cin, cout, k, stride=1, relu=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.relu = relu

    def forward(self, x):
        y = self.bn(self.conv(x))
        return F.relu(y) if self.relu else y


def resize(x, h, w):
    """src/models/layers/resize.ts: bilinear, align_corners=True, no-op at the same size."""
    if x.shape[2] == h and x.shape[3] == w:
        return x
    return F.interpolate(x, size=(h, w), mode="bilinear", align_corners=True)


class CnnFpn(nn.Module):
    """src/models/encoders/cnn.ts + decoders/fpn.ts + segmenter head: stem, 4 stages, FPN-lite, 1x1 head."""

    def __init__(self, channels, classes, widths=(16, 32, 48, 64), fpn_width=32):
        super().__init__()
        self.stem = ConvBn(channels, widths[0], 3)
        stages = []
        for i, w in enumerate(widths):
            if i == 0:
                stages.append(nn.Sequential(ConvBn(w, w, 3)))
            else:
                stages.append(nn.Sequential(ConvBn(widths[i - 1], w, 3, 2), ConvBn(w, w, 3)))
        self.stages = nn.ModuleList(stages)
        self.lateral = nn.ModuleList([nn.Conv2d(w, fpn_width, 1) for w in widths])
        self.smooth = ConvBn(fpn_width, fpn_width, 3)
        self.head = nn.Conv2d(fpn_width, classes, 1)

    def forward(self, x):
        h = self.stem(x)
        feats = []
        for stage in self.stages:
            h = stage(h)
            feats.append(h)
        lat = [conv(f) for conv, f in zip(self.lateral, feats)]
        for i in range(len(lat) - 1, 0, -1):
            lat[i - 1] = lat[i - 1] + resize(lat[i], lat[i - 1].shape[2], lat[i - 1].shape[3])
        h0, w0 = lat[0].shape[2], lat[0].shape[3]
        total = lat[0]
        for l in lat[1:]:
            total = total + resize(l, h0, w0)
        logits = self.head(self.smooth(total))
        return resize(logits, x.shape[2], x.shape[3])


MODELS = {
    "smallnet": lambda channels, classes, args: SmallNet(channels, classes, **args),
    "cnn_fpn": lambda channels, classes, args: CnnFpn(channels, classes, **args),
}


class Session:
    def __init__(self, msg):
        name = msg["model"]
        if name not in MODELS:
            raise ValueError(f"no PyTorch twin named '{name}' (known: {', '.join(sorted(MODELS))})")
        torch.manual_seed(int(msg.get("seed", 0)))
        torch.set_num_threads(int(msg["threads"]))
        n, h, w, c = msg["input"]
        k = int(msg["classes"])
        self.model = MODELS[name](c, k, msg.get("args") or {})
        self.x = torch.randn(n, c, h, w, dtype=torch.float32)
        self.y = torch.randint(0, k, (n, h, w))
        opt = msg["optimiser"]
        self.opt = torch.optim.SGD(self.model.parameters(), lr=opt["lr"], momentum=opt["momentum"])
        with torch.no_grad():
            self.model.eval()
            out = self.model(self.x)
        self.info = {
            "ok": True,
            "params": sum(p.numel() for p in self.model.parameters()),
            "state": sum(b.numel() for name, b in self.model.named_buffers() if not name.endswith("num_batches_tracked")),
            "output_nhwc": [out.shape[0], out.shape[2], out.shape[3], out.shape[1]],
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
        }

    def train(self, steps):
        self.model.train()
        times, loss = [], None
        for _ in range(steps):
            t0 = time.perf_counter()
            self.opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(self.model(self.x), self.y)
            loss.backward()
            self.opt.step()
            value = loss.item()
            times.append((time.perf_counter() - t0) * 1000)
        return {"ok": True, "ms": times, "loss": value, "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}

    def infer(self, steps):
        self.model.eval()
        times = []
        with torch.no_grad():
            for _ in range(steps):
                t0 = time.perf_counter()
                self.model(self.x).sum().item()
                times.append((time.perf_counter() - t0) * 1000)
        return {"ok": True, "ms": times, "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def main():
    session = None
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            msg = json.loads(line)
            cmd = msg.get("cmd")
            if cmd == "quit":
                break
            if cmd == "build":
                session = Session(msg)
                reply = session.info
            elif session is None:
                raise ValueError("no model built yet")
            elif cmd == "train":
                reply = session.train(int(msg["steps"]))
            elif cmd == "infer":
                reply = session.infer(int(msg["steps"]))
            else:
                raise ValueError(f"unknown command {cmd!r}")
        except Exception as exc:  # reported to the caller, which decides
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
