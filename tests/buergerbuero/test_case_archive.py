"""The case archive: one sealed PDF of the whole case, for the resident and the department."""

from __future__ import annotations

from pathlib import Path

from .archive_world import full_case, pdf_text


def test_probe(app, client, other_client, db_session, run_gateway, tmp_path):
    case = full_case(app, client, other_client, db_session, run_gateway)
    response = client.get(f"/antraege/{case.reference}/akte")
    assert response.status_code == 200, response.get_data(as_text=True)[-3000:]
    Path("/tmp/x/akte.pdf").write_bytes(response.data)
    print(pdf_text(response.data)[:100])
    z = client.get(f"/antraege/{case.reference}/nachweise")
    assert z.status_code == 200
    Path("/tmp/x/bundle.zip").write_bytes(z.data)
    result = app.test_cli_runner().invoke(args=["gateway", "verify", "/tmp/x/bundle.zip"])
    print(result.output)
    assert result.exit_code == 0
