#!/usr/bin/python3
"""Types values into a spreadsheet with LibreOffice Calc, as a person would, and saves it as .xlsx.

    /usr/bin/python3 e2e/lib/type-into-sheet.py IN.xlsx OUT.xlsx CELLS.json

CELLS.json is a list of [row, column, text] (1-based, first sheet). Each text is typed: the cursor goes
to the cell and the text is entered through Calc's input handler (the .uno:EnterString command, what the
keyboard does), so Calc reads it by the cell's number format, keeping 440783194203051234 in a cell
formatted as text and turning it into 4.40783194203051E+17 in one that is not. (The API's setFormula
would not do: it skips the text format and makes every such cell a number.) Starts
its own headless soffice with a private profile and stops it. Needs Debian's libreoffice-calc-nogui and
python3-uno (Debian's python3, where the uno module lives).
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(src, dst, cells_file):
    cells = json.load(open(cells_file, encoding="utf-8"))
    port = free_port()
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
        frame = doc.CurrentController.Frame
        dispatch = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for row, col, text in cells:
            name = doc.Sheets.getByIndex(0).getCellByPosition(col - 1, row - 1).AbsoluteName
            dispatch.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", name),))
            dispatch.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(dst)),
            (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True)),
        )
        # Saved; closing and quitting may race the bridge going down, which is fine.
        try:
            doc.close(True)
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:4])
