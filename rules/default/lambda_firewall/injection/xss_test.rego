package lambda_firewall.injection_test.xss

import data.lambda_firewall
import data.lambda_firewall.testing as t

fires(id, inp) if {
	ids := {f.id | some f in lambda_firewall.injection_findings} with input as inp
	id in ids
}

test_xss_001_script_tag if fires("xss-001", t.query("q", "<script>alert(1)</script>"))

test_xss_002_event_handler if fires("xss-002", t.json_body({"bio": "<img src=x onerror=alert(1)>"}))

test_xss_002_encoded_script_url if fires("xss-002", t.query("next", "jav&#x09;ascript:alert(1)"))

test_xss_002_fullwidth_brackets if fires("xss-002", t.query("q", "\uff1cscript\uff1ealert(1)"))

test_xss_002_in_cookie if fires("xss-002", t.cookie("pref=<svg/onload=alert(1)>"))

test_xss_003_alert_call_paranoia_2 if {
	fires("xss-003", t.query("q", "alert (1)")) with data.lambda_firewall.config.paranoia_level as 2
	not fires("xss-003", t.query("q", "alert (1)"))
}

test_xss_plain_html_is_clean if {
	inp := t.json_body({"body_html": "<p>Read <a href=\"https://example.com\">our blog</a> &amp; more.</p>"})
	not fires("xss-001", inp)
	not fires("xss-002", inp)
}

test_xss_markdown_is_clean if not fires("xss-002", t.json_body({"text": "## Notes\n- see [docs](https://docs.example.com)"}))
