#!/usr/bin/python3
"""Scaling model of data-parallel training (docs/distributed.md), from one measured figure.

Per step, each of K nodes computes the gradient of its share of the batch (weak scaling: a fixed
batch per node, so the compute time per step T_c does not change with K) and the K gradients are
combined. A ring allreduce of a G-byte gradient costs (Patarasuk and Yuan 2009; Thakur,
Rabenseifner and Gropp 2005):
    T_ring = 2 (K - 1) / K * G / B + 2 (K - 1) * alpha
(a reduce-scatter and an allgather, each K - 1 steps of G/K bytes), B the link bandwidth, alpha
the latency of one step. Efficiency without overlap: T_c / (T_c + T_ring). With the
allreduce of layer l started as soon as its gradient is ready and overlapped with the backward
pass of the layers below it (the backward pass is ~2/3 of T_c, shared among the layers in
proportion to their parameters), the allreduce of the FIRST layer can start only when the
backward pass ends: its time stays exposed. For 784-256-256-10 the first layer holds 75% of the
parameters, so overlap hides at most the other 25% of the communication.

The implementation here keeps the sum in block order and has the ring's cost: each rank receives
every block's piece of its 1/K segment of the gradient (MPI_Alltoallv, (K - 1)/K x G per block a
rank owns), adds them in block order and the summed segments are gathered (MPI_Allgatherv,
(K - 1)/K x G). With one block per rank (the minibatch case) that is T_ring above; a rank owning
b blocks (the full set) sends b (K - 1)/K x G in the first step. The column "gather eff" is the
gather of every block's gradient it replaced ((K - 1) G per step), for comparison.

Usage: distributed_scaling_model.py T_C_SECONDS [PARAMS]   (T_c per step of batch 128, 1 node)
"""
import sys

t_c = float(sys.argv[1]) if len(sys.argv) > 1 else 0.010
params = int(sys.argv[2]) if len(sys.argv) > 2 else 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10
alpha = 5e-6  # s per ring step: a typical MPI latency over TCP/RoCE Ethernet (1-10 us)
# Parameter shares of the layers, first to last (784*256+256, 256*256+256, 256*10+10).
shares = [200960 / params, 65792 / params, 2570 / params]


def overlap_exposed(ring, tc):
    """Communication time not hidden behind the backward pass, layers sent last to first."""
    backward = 2.0 / 3.0 * tc
    t = 0.0  # time since the backward pass started; the link is busy until `link`
    link = 0.0
    for share in reversed(shares):  # the last layer's gradient is ready first
        t += backward * share
        link = max(link, t) + ring * share
    return max(0.0, link - backward)


print(f"T_c = {t_c * 1e3:.2f} ms per step per node, latency alpha = {alpha * 1e6:.0f} us")
for scale, name in ((1, "784-256-256-10"), (100, "100x larger")):
    p = params * scale
    g = 4 * p  # float gradient
    tc = t_c * scale  # compute scales with the parameter count at a fixed batch
    print(f"\n{name}: {p} parameters, gradient {g / 1e6:.2f} MB, T_c = {tc * 1e3:.1f} ms")
    print("  Gb/s  nodes  T_ring ms  eff (no overlap)  eff (overlap)    gather eff")
    for gbps in (10, 100):
        b = gbps * 1e9 / 8
        for k in (8, 64, 512):
            ring = 2 * (k - 1) / k * g / b + 2 * (k - 1) * alpha
            gather = (k - 1) * g / b + (k - 1) * alpha
            exposed = overlap_exposed(ring, tc)
            print(f"  {gbps:4d}  {k:5d}  {ring * 1e3:9.2f}  {tc / (tc + ring):16.2f}  "
                  f"{tc / (tc + exposed):13.2f}  {tc / (tc + gather):13.2f}")
