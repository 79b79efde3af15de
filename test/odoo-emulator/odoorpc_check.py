"""Drives an Odoo server (the emulator, or a real one) with Debian's python3-odoorpc, a third-party client, and prints
what it saw as JSON, so that the emulator is held to the protocol real clients speak (issue #10, item 4).

Usage: /usr/bin/python3 odoorpc_check.py <url> <db> <login> <password> [<module zip>]

Each step's outcome is {"ok": value} or {"error": {"name": ..., "message": ...}} (odoorpc.error.RPCError.info).
"""
import base64
import json
import sys
from urllib.parse import urlparse

import odoorpc


def step(fn):
    try:
        return {"ok": fn()}
    except odoorpc.error.RPCError as exc:
        data = (exc.info or {}).get("data", {}) if isinstance(exc.info, dict) else {}
        return {"error": {"name": data.get("name"), "message": data.get("message", str(exc))}}


def main():
    url, db, login, password = sys.argv[1:5]
    zip_path = sys.argv[5] if len(sys.argv) > 5 else None
    parsed = urlparse(url)
    odoo = odoorpc.ODOO(parsed.hostname, protocol="jsonrpc", port=parsed.port)
    out = {"server_version": odoo.version, "databases": odoo.db.list()}
    out["version_info"] = odoo.json("/web/webclient/version_info", {})["result"]
    out["login"] = step(lambda: odoo.login(db, login, password) or odoo.env.uid)
    if "error" in out["login"]:
        print(json.dumps(out))
        return
    Module = odoo.env["ir.module.module"]
    out["modules"] = step(lambda: Module.search_read([["name", "in", ["base", "web", "base_import_module"]]], ["name", "state"]))
    Param = odoo.env["ir.config_parameter"]
    out["uuid"] = step(lambda: Param.get_param("database.uuid"))
    out["set_param"] = step(lambda: Param.set_param("odoorpc_check.setting", "from odoorpc"))
    out["read_param"] = step(lambda: Param.search_read([["key", "=", "odoorpc_check.setting"]], ["key", "value"]))
    out["group_system"] = step(lambda: list(odoo.env.ref("base.group_system").ids))
    if zip_path:
        with open(zip_path, "rb") as f:
            content = base64.b64encode(f.read()).decode()

        def do_import():
            Wizard = odoo.env["base.import.module"]
            wizard_id = Wizard.create({"module_file": content, "state": "init"})
            action = Wizard.browse(wizard_id).import_module()
            return {"res_model": action.get("res_model"), "modules": action.get("context", {}).get("module_name")}

        out["import"] = step(do_import)
        out["imported"] = step(lambda: Module.search_read([["imported", "=", True]], ["name", "state", "latest_version", "installed_version"]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
