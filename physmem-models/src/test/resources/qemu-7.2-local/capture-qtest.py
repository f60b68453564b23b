#!/usr/bin/env python3
"""Captures info mtree / info ramblock from QEMU 7.2 for the q35 + intel-iommu + virtio-net machine.

usage: capture.py OUTDIR STATE [qtest-lines...]
STATE reset: -S, then the qtest writes (if any), then the captures.
"""
import json, os, socket, subprocess, sys, time

out, state = sys.argv[1], sys.argv[2]
writes = sys.argv[3:]
os.makedirs(out, exist_ok=True)
d = "/tmp/vtdcap/run"
os.makedirs(d, exist_ok=True)
qmp_path, qt_path = d + "/qmp.sock", d + "/qt.sock"
for p in (qmp_path, qt_path):
    if os.path.exists(p):
        os.remove(p)
accel = ["-qtest", f"unix:{qt_path},server=on,wait=off"] if writes else ["-accel", "tcg"]
cmd = ["qemu-system-x86_64", "-nographic", "-nodefaults"] + accel + ["-S", "-M", "q35,kernel-irqchip=split",
       "-device", "intel-iommu,intremap=on,device-iotlb=on",
       "-device", "virtio-net-pci,iommu_platform=on,ats=on,disable-legacy=on", "-m", "1G",
       "-qmp", f"unix:{qmp_path},server=on,wait=off"]
proc = subprocess.Popen(cmd, stderr=open(out + "/stderr.txt", "w"))
try:
    for _ in range(100):
        if os.path.exists(qmp_path):
            break
        time.sleep(0.05)
    q = socket.socket(socket.AF_UNIX); q.connect(qmp_path)
    f = q.makefile("rw")
    def qmp(obj):
        f.write(json.dumps(obj) + "\n"); f.flush()
        while True:
            r = json.loads(f.readline())
            if "return" in r or "error" in r:
                return r
    f.readline()
    qmp({"execute": "qmp_capabilities"})
    if writes:
        t = socket.socket(socket.AF_UNIX); t.connect(qt_path)
        tf = t.makefile("rw")
        for w in writes:
            tf.write(w + "\n"); tf.flush()
            print(w, "->", tf.readline().strip())
    def hmp(c):
        return qmp({"execute": "human-monitor-command", "arguments": {"command-line": c}})["return"].replace("\r\n", "\n")
    for name, c in [("mtree.txt", "info mtree"), ("mtree-o.txt", "info mtree -o"), ("mtree-D.txt", "info mtree -D"),
                    ("mtree-o-D.txt", "info mtree -o -D"), ("mtree-f.txt", "info mtree -f"),
                    ("mtree-f-o.txt", "info mtree -f -o"), ("ramblock.txt", "info ramblock")]:
        open(os.path.join(out, name), "w").write(hmp(c))
    qmp({"execute": "quit"})
finally:
    proc.wait(timeout=10)
