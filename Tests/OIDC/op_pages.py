"""The HTML pages of the test OpenID Connect provider (Swedish, what a person sees).

The login page with its form field ids (see README.md) and a plain message page
for errors and for "logged out". Used by provider.py.
"""

import html

from flask import Response

from op_storage import ACR_LOA2, ACR_LOA3, ACR_LOA4, ACR_VALUES

ACR_LABELS = {
    ACR_LOA2: "Tillitsnivå 2 (loa2)",
    ACR_LOA3: "Tillitsnivå 3 (loa3)",
    ACR_LOA4: "Tillitsnivå 4 (loa4)",
}

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
label { display: block; margin-top: 0.8rem; font-weight: 600; }
input[type=text] { width: 100%; padding: 0.4rem; font-size: 1rem; box-sizing: border-box; }
fieldset { margin-top: 1rem; }
fieldset label { display: inline; font-weight: normal; margin: 0 0 0 0.3rem; }
.radio { margin: 0.3rem 0; }
.buttons { margin-top: 1.2rem; display: flex; gap: 0.8rem; }
button { font-size: 1rem; padding: 0.5rem 1.2rem; }
.hint { color: #555; font-size: 0.9rem; }
"""


def html_response(body, status=200):
    return Response(body, status=status, mimetype="text/html", headers={"Content-Language": "sv"})


def page(title, content):
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{content}\n</main>\n</body>\n</html>\n"
    )


def message_page(title, message):
    return page(title, f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(message)}</p>")


def login_page(action, preselected_acr, client_id):
    def text_field(field_id, label, inputmode="text", hint=""):
        hint_html = f'<span class="hint" id="{field_id}-hint">{html.escape(hint)}</span>' if hint else ""
        described = f' aria-describedby="{field_id}-hint"' if hint else ""
        return (
            f'<label for="{field_id}">{html.escape(label)}</label>\n'
            f'<input type="text" inputmode="{inputmode}" id="{field_id}" name="{field_id}" autocomplete="off"{described}>\n'
            f"{hint_html}\n"
        )

    radios = []
    for value in ACR_VALUES:
        radio_id = "acr-" + value.rsplit("/", 1)[-1]
        checked = " checked" if value == preselected_acr else ""
        radios.append(
            f'<div class="radio"><input type="radio" id="{radio_id}" name="acr" '
            f'value="{html.escape(value)}"{checked}>'
            f'<label for="{radio_id}">{html.escape(ACR_LABELS[value])}</label></div>'
        )

    content = (
        "<h1>Logga in</h1>\n"
        f"<p>Testinloggning för <strong>{html.escape(client_id)}</strong>. "
        "Ange de uppgifter som ska skickas till tjänsten. Alla fält är frivilliga.</p>\n"
        f'<form method="post" action="{html.escape(action)}">\n'
        + text_field("pnr", "Personnummer", hint="12 siffror, till exempel 197001011234")
        + text_field("email", "E-postadress", inputmode="email")
        + text_field("name", "Namn")
        + text_field("hsa", "HSA-id")
        + "<fieldset>\n<legend>Tillitsnivå</legend>\n"
        + "\n".join(radios)
        + "\n</fieldset>\n"
        '<div class="buttons">\n'
        '<button type="submit" id="logga-in" name="action" value="logga-in">Logga in</button>\n'
        '<button type="submit" id="avbryt" name="action" value="avbryt" formnovalidate>Avbryt</button>\n'
        "</div>\n</form>"
    )
    return page("Logga in – testidentitetstjänst", content)
