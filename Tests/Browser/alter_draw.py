"""Alters one stored draw in a SQLite file the way a forger would: another enterprise in place of the first selected.

Used by scripts/test to show that `pinzhi draw verify` names the altered draw."""
import json
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
draw_id, result = db.execute("SELECT id, result_json FROM draws WHERE purpose = 'enterprises' ORDER BY id LIMIT 1 OFFSET 2").fetchone()
outcome = json.loads(result)
outcome["enterprises"]["selected"][0] += 1
db.execute("UPDATE draws SET result_json = ? WHERE id = ?", (json.dumps(outcome, ensure_ascii=False), draw_id))
db.commit()
print(f"altered draw {draw_id}")

# And one committed list of another kind (an assessment's or a recheck's): its stated seed.
row = db.execute("SELECT id FROM list_commitments WHERE seed IS NOT NULL ORDER BY id LIMIT 1").fetchone()
if row:
    db.execute("UPDATE list_commitments SET seed = '1' WHERE id = ?", (row[0],))
    db.commit()
    print(f"altered list commitment {row[0]}")
