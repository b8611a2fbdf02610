"""An outside verifier of PZ-DRAW-2, written from the published method (/public/draw-method.txt) alone.

It reads nothing of the system's code: only the three published texts of a draw (commitment.txt, leaves.txt,
result.txt) and, for an enterprise, its proof (leaf text, salt, path). Standard library only.

    python3 verify_draw.py --method draw-method.txt          # the method's test vectors
    python3 verify_draw.py --database copy.sqlite            # every PZ-DRAW-2 draw whose leaves a copy of the database
                                                             # stores: the other lists' (section 14), older task draws
    python3 verify_draw.py --published folder                # the texts `pinzhi draw published` writes (the portal's)
    python3 verify_draw.py --url http://host:port --draw 12  # one public draw, fetched from the portal

Exit status 0 when everything recomputes, 1 otherwise (each problem printed).
"""
import argparse
import hashlib
import os
import sqlite3
import sys
import urllib.request

MASK = (1 << 64) - 1


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SplitMix64:
    """Section 7 of the method."""

    def __init__(self, seed: int):
        self.s = seed & MASK

    def next(self) -> int:
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def fields(text: str, first_line: str) -> dict:
    """The key=value lines of a commitment or result text (the key ends at the first '=')."""
    lines = text.split("\n")
    if lines[0] != first_line:
        raise ValueError(f"first line is {lines[0]!r}, expected {first_line!r}")
    out = {}
    for line in lines[1:]:
        key, _, value = line.partition("=")
        out[key] = value
    return out


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: list) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = leaves
    while len(level) > 1:
        nxt = [node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2 == 1:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def parse_leaves(text: str) -> list:
    leaves = []
    for line in text.split("\n") if text else []:
        index, credit, status, leaf_hash = line.split("|")
        leaves.append((int(index), credit, status, leaf_hash))
    return leaves


def parse_weights(value: str) -> dict:
    return {k: float(v) for k, v in (part.split(":") for part in value.split(","))}


def parse_conflicts(value: str) -> dict:
    if value == "-":
        return {}
    out = {}
    for part in value.split(";"):
        pool, _, leaves = part.partition(":")
        out[int(pool)] = {int(x) for x in leaves.split(",")}
    return out


def select(leaves, weights, count, seed):
    """Section 8."""
    gen = SplitMix64(seed)
    keyed = []
    for index, credit, status, _ in leaves:
        if status != "eligible":
            continue
        x = gen.next()
        u = ((x >> 11) + 0.5) / float(1 << 53)
        w = weights.get(credit) if credit in ("A", "C", "D") else weights["B"]
        w = max(w, 1e-9)
        keyed.append((u ** (1.0 / w), index))
    eligible = len(keyed)
    k = min(count, eligible)
    keyed.sort(key=lambda e: (-e[0], e[1]))
    return [index for _, index in keyed[:k]]


def draw_inspectors(selected, pool, conflicts, seed):
    """Section 9."""
    gen = SplitMix64((seed + 1) & MASK)
    out = []
    for leaf in selected:
        keyed = [(gen.next(), p) for p in range(pool) if leaf not in conflicts.get(p, set())]
        keyed.sort()
        out.append([p for _, p in keyed[:2]])
    return out


def check_leaves_and_seed(c: dict, r: dict, leaves: list, commitment_hash: str, problems: list) -> int:
    """Sections 4 and 6, common to every draw: the leaves against the commitment, the witness, the seed."""
    if [leaf[0] for leaf in leaves] != list(range(len(leaves))):
        problems.append("leaves are not numbered 0, 1, 2, ...")
    root = merkle_root([bytes.fromhex(leaf[3]) for leaf in leaves]).hex()
    if root != c["root"]:
        problems.append(f"Merkle root of the leaves is {root}, the commitment states {c['root']}")
    if len(leaves) != int(c["candidates"]):
        problems.append("number of leaves differs from candidates=")
    if sum(1 for leaf in leaves if leaf[2] == "eligible") != int(c["eligible"]):
        problems.append("number of eligible leaves differs from eligible=")
    public_value, secret = r["public-value"], r["witness-secret"]
    if c["witness"] != "-" and sha256_hex(secret.encode("utf-8")) != c["witness"]:
        problems.append("the witness's secret does not hash to the committed witness hash")
    if not public_value and not secret:
        problems.append("neither a public value nor a witness secret")
    material = hashlib.sha256(f"PZ-DRAW-2 seed\n{commitment_hash}\n{public_value}\n{secret}".encode("utf-8")).digest()
    seed = int.from_bytes(material[:8], "big")
    if str(seed) != r["seed"]:
        problems.append(f"seed recomputes to {seed}, the result states {r['seed']}")
    return seed


def verify(commitment_text: str, leaves_text: str, result_text: str) -> list:
    """Every check of section 11 that the three texts allow; the problems found (empty when the draw stands)."""
    problems = []
    c = fields(commitment_text, "PZ-DRAW-2 commitment")
    r = fields(result_text, "PZ-DRAW-2 result")
    commitment_hash = sha256_hex(commitment_text.encode("utf-8"))
    if r["commitment"] != commitment_hash:
        problems.append(f"result names commitment {r['commitment']}, the commitment text hashes to {commitment_hash}")
    leaves = parse_leaves(leaves_text)
    seed = check_leaves_and_seed(c, r, leaves, commitment_hash, problems)
    selected = select(leaves, parse_weights(c["weights"]), int(c["count"]), seed)
    stated = [int(x) for x in r["selected"].split(",")] if r["selected"] else []
    if selected != stated:
        problems.append(f"selection recomputes to {selected}, the result states {stated}")
    inspectors = draw_inspectors(selected, int(c["inspectors"]), parse_conflicts(c["conflicts"]), seed)
    expected = ";".join(f"{leaf}:" + ",".join(map(str, pool)) for leaf, pool in zip(selected, inspectors))
    if expected != r["inspectors"]:
        problems.append(f"inspectors recompute to {expected!r}, the result states {r['inspectors']!r}")
    return problems


def verify_list(commitment_text: str, leaves_text: str, result_text: str) -> list:
    """Section 14: a recheck agency's or an assessment's draw (weights all 1.0, no inspectors, a 7-line result); a
    campaign's inspection draw states its weights by credit class in a line after eligible, the leaves' group being
    the class."""
    problems = []
    c = fields(commitment_text, "PZ-DRAW-2 list commitment")
    r = fields(result_text, "PZ-DRAW-2 result")
    lines = ["kind", "subject", "day", "count", "candidates", "eligible"] + (["weights"] if "weights" in c else []) + ["root", "witness", "committed-at"]
    if list(c) != lines:
        problems.append(f"commitment lines are {list(c)}")
    if list(r) != ["commitment", "public-value", "public-source", "witness-secret", "seed", "selected"]:
        problems.append(f"result lines are {list(r)}")
    commitment_hash = sha256_hex(commitment_text.encode("utf-8"))
    if r["commitment"] != commitment_hash:
        problems.append(f"result names commitment {r['commitment']}, the commitment text hashes to {commitment_hash}")
    leaves = parse_leaves(leaves_text)
    seed = check_leaves_and_seed(c, r, leaves, commitment_hash, problems)
    weights = parse_weights(c["weights"]) if "weights" in c else {"A": 1.0, "B": 1.0, "C": 1.0, "D": 1.0}
    selected = select(leaves, weights, int(c["count"]), seed)
    stated = [int(x) for x in r["selected"].split(",")] if r["selected"] else []
    if selected != stated:
        problems.append(f"selection recomputes to {selected}, the result states {stated}")
    return problems


def verify_proof(leaf_text: str, salt_hex: str, path: str, root_hex: str) -> bool:
    """Section 4: the enterprise's proof. path is 'L:hash,R:hash,...' (the sibling's side), empty for a lone leaf."""
    current = hashlib.sha256(b"\x00" + bytes.fromhex(salt_hex) + leaf_text.encode("utf-8")).digest()
    for step in path.split(",") if path else []:
        side, _, sibling = step.partition(":")
        current = node(bytes.fromhex(sibling), current) if side == "L" else node(current, bytes.fromhex(sibling))
    return current.hex() == root_hex


def block(text: str, name: str) -> str:
    start = text.index(f"----- BEGIN {name} -----\n") + len(f"----- BEGIN {name} -----\n")
    return text[start:text.index(f"\n----- END {name} -----", start)]


def check_vectors(method: str) -> list:
    problems = verify(block(method, "commitment.txt"), block(method, "leaves.txt"), block(method, "result.txt"))
    proof = dict(line.partition("=")[::2] for line in block(method, "proof").split("\n"))
    if not verify_proof(proof["text"], proof["salt"], proof["path"], proof["root"]):
        problems.append("the vector's proof does not lead to its root")
    if proof["root"] != fields(block(method, "commitment.txt"), "PZ-DRAW-2 commitment")["root"]:
        problems.append("the vector's proof root is not the commitment's")
    stated = method.split("commitment-hash=")[1].split("\n")[0].strip()
    if sha256_hex(block(method, "commitment.txt").encode("utf-8")) != stated:
        problems.append("the vector's commitment hash differs")
    problems += ["list vector: " + p for p in verify_list(block(method, "list commitment.txt"), block(method, "list leaves.txt"),
                                                          block(method, "list result.txt"))]
    # Section 14's leaf texts and salts (bytes 0x11 * (i + 1)) give the published leaf hashes.
    for index, text in [(0, "0|JG01|-|eligible"), (1, "1|JG02|-|first-agency")]:
        leaf = hashlib.sha256(b"\x00" + bytes([0x11 * (index + 1)] * 16) + text.encode("utf-8")).hexdigest()
        if leaf != parse_leaves(block(method, "list leaves.txt"))[index][3]:
            problems.append(f"list vector: leaf {index} does not hash to the published leaf")
    return problems


def verify_public(base: str, draw_id: int) -> list:
    """A public draw, from the portal's published texts: its result and the commitment its page links to."""
    result = fetch(f"{base}/public/draws/{draw_id}/result.txt")
    page = fetch(f"{base}/public/draws/{draw_id}")
    link = [part for part in page.split('"') if part.startswith("/public/draw-commitments/")][0]
    return verify(fetch(f"{base}{link}/commitment.txt"), fetch(f"{base}{link}/leaves.txt"), result)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--method")
    parser.add_argument("--database")
    parser.add_argument("--published", help="a folder of draw-<id>/{commitment,leaves,result}.txt, as `pinzhi draw published` writes")
    parser.add_argument("--url")
    parser.add_argument("--draw", type=int, action="append", default=[])
    args = parser.parse_args()
    failures = 0
    checked = 0
    if args.method:
        text = fetch(args.method) if args.method.startswith("http") else open(args.method, encoding="utf-8").read()
        for problem in check_vectors(text):
            print("test vector:", problem)
            failures += 1
        checked += 1
    if args.database:
        db = sqlite3.connect(args.database)
        rows = db.execute(
            "SELECT d.id, c.commitment_text, c.leaves_text, d.result_text FROM draws d "
            "JOIN draw_commitments c ON c.id = d.commitment_id WHERE d.algorithm = 'PZ-DRAW-2' AND c.leaves_text <> '' ORDER BY d.id").fetchall()
        for draw_id, commitment, leaves, result in rows:
            for problem in verify(commitment, leaves, result):
                print(f"draw {draw_id}:", problem)
                failures += 1
            checked += 1
        lists = db.execute("SELECT id, commitment_text, leaves_text, result_text FROM list_commitments "
                           "WHERE result_text IS NOT NULL ORDER BY id").fetchall()
        for list_id, commitment, leaves, result in lists:
            for problem in verify_list(commitment, leaves, result):
                print(f"list {list_id}:", problem)
                failures += 1
            checked += 1
    if args.published:
        # The packed commitments keep no leaves in the database: their published texts, as the portal serves them.
        for name in sorted(os.listdir(args.published)):
            folder = os.path.join(args.published, name)
            texts = [open(os.path.join(folder, f), encoding="utf-8").read() for f in ("commitment.txt", "leaves.txt", "result.txt")]
            for problem in verify(*texts):
                print(f"{name}:", problem)
                failures += 1
            checked += 1
    for draw_id in args.draw:
        for problem in verify_public(args.url, draw_id):
            print(f"draw {draw_id}:", problem)
            failures += 1
        checked += 1
    print(f"checked {checked}, problems {failures}")
    return 0 if failures == 0 and checked > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
