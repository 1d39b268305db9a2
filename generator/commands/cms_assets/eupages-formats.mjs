// eupages' file formats for Decap CMS: how the CMS reads and writes project records
// (content/projects/<slug>.yml) and pages (content/<lang>/…/*.md).
//
// Decap's own YAML format would lose what a record means: 264145.00 would come back as
// 264145 (the source's cents are the precision eupages shows), a text given once for every
// language cannot be shown in a per-language form, nor `funding: none` in the funding form.
// These formats keep every value as eupages reads it, and give each of those shapes a form:
//   text        "Riga" ⇄ {all: "Riga"};  {en: …, sv: …} stays as it is
//   funding     none ⇄ {none: true}
//   amounts     264145.00 ⇄ "264145.00" (edited as text, written back as the number it was)
//   columns     2010 ⇄ "2010" (years are numbers, currency codes text)
// `kinds` (made by generator/commands/cms_config.py from eupages' models) says where in a
// record each shape sits. Pages keep their Markdown byte for byte: only the front matter is
// parsed and written again.
//
// Plain ES module with no imports: the admin page passes the `yaml` package's browser build,
// the round-trip test (tests/unit/commands/test_cms_config.py) passes the same package in Node.

export function makeFormats(YAML, kinds) {
  const Scalar = YAML.createNode(0).constructor;
  const NUMBER = /^-?\d+(\.\d+)?$/;
  const YEAR = /^-?\d+$/;
  const languages = kinds.languages;
  // Long texts stay on one line, as editors write them (the package folds at 80 columns).
  if (YAML.scalarOptions && YAML.scalarOptions.str) YAML.scalarOptions.str.fold.lineWidth = 0;

  function visit(data, pattern, change) {
    const steps = pattern.split(".");
    (function walk(node, at) {
      if (node === null || typeof node !== "object") return;
      const step = steps[at];
      const keys = step === "*" ? Object.keys(node) : [step];
      for (const key of keys) {
        if (!(key in node)) continue;
        if (at === steps.length - 1) node[key] = change(node[key]);
        else walk(node[key], at + 1);
      }
    })(data, 0);
  }

  function parse(text) {
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length) throw new Error("YAML: " + doc.errors.map((e) => e.message).join("; "));
    // A number written with trailing zeros keeps them, as text: 264145.00 stays "264145.00".
    (function keepDecimals(node) {
      if (!node || typeof node !== "object") return;
      if (node instanceof Scalar) {
        if (typeof node.value === "number" && node.minFractionDigits) {
          node.value = node.value.toFixed(node.minFractionDigits);
        }
        return;
      }
      for (const item of node.items || []) {
        if (item && "key" in item) keepDecimals(item.value);
        else keepDecimals(item);
      }
    })(doc.contents);
    return doc.toJSON() || {};
  }

  function dump(data) {
    const doc = new YAML.Document();
    doc.contents = YAML.createNode(data);
    return String(doc);
  }

  // The record as the CMS's forms show it.
  function toForms(data) {
    for (const path of kinds.texts) {
      visit(data, path, (v) => (typeof v === "string" ? { [kinds.everyLanguage]: v } : v));
    }
    for (const path of kinds.noneOrObject) {
      visit(data, path, (v) => (v === "none" ? { [kinds.noFunding]: true } : v));
    }
    for (const path of kinds.amounts) {
      visit(data, path, (v) => (typeof v === "number" ? String(v) : v));
    }
    for (const path of kinds.numbersOrTexts) {
      visit(data, path, (v) => (typeof v === "number" ? String(v) : v));
    }
    return data;
  }

  function number(text) {
    const node = new Scalar(Number(text));
    const dot = text.indexOf(".");
    if (dot !== -1) node.minFractionDigits = text.length - dot - 1;
    return node;
  }

  function empty(v) {
    return v === undefined || v === null || v === "";
  }

  // The record as eupages reads it, from what the forms hold.
  function fromForms(data) {
    for (const path of kinds.texts) {
      visit(data, path, (v) => {
        if (v === null || typeof v !== "object") return v;
        const every = v[kinds.everyLanguage];
        const own = {};
        for (const code of Object.keys(v)) {
          if (code !== kinds.everyLanguage && !empty(v[code])) own[code] = v[code];
        }
        if (!empty(every) && !Object.keys(own).length) return every;
        return own;
      });
    }
    for (const path of kinds.noneOrObject) {
      visit(data, path, (v) => {
        if (v === null || typeof v !== "object") return v;
        if (v[kinds.noFunding]) return "none";
        const rest = { ...v };
        delete rest[kinds.noFunding];
        return rest;
      });
    }
    for (const path of kinds.amounts) {
      visit(data, path, (v) => (typeof v === "string" && NUMBER.test(v.trim()) ? number(v.trim()) : v));
    }
    for (const path of kinds.numbersOrTexts) {
      visit(data, path, (v) => (typeof v === "string" && YEAR.test(v.trim()) ? Number(v.trim()) : v));
    }
    return data;
  }

  function withoutEmpty(data) {
    // Optional fields the form left empty are left out, as an editor by hand would.
    if (Array.isArray(data)) return data.map(withoutEmpty);
    if (data === null || typeof data !== "object" || data instanceof Scalar) return data;
    const out = {};
    for (const [key, value] of Object.entries(data)) {
      if (empty(value)) continue;
      out[key] = withoutEmpty(value);
    }
    return out;
  }

  const record = {
    fromFile(text) {
      return toForms(parse(text));
    },
    toFile(data) {
      const plain = JSON.parse(JSON.stringify(data));
      return kinds.recordHeader + "\n" + dump(fromForms(withoutEmpty(plain)));
    },
  };

  function split(text) {
    text = text.replace(/\r\n/g, "\n").replace(/^\ufeff/, "");
    if (!text.startsWith("---\n")) return { front: "", body: text };
    let end = text.indexOf("\n---", 3);
    while (end !== -1 && !["\n", ""].includes(text.slice(end + 4, end + 5))) end = text.indexOf("\n---", end + 4);
    if (end === -1) return { front: "", body: text };
    return { front: text.slice(4, end + 1), body: text.slice(end + 5) };
  }

  const page = {
    fromFile(text) {
      const { front, body } = split(text);
      const data = front.trim() ? parse(front) : {};
      data.body = body;
      return data;
    },
    toFile(data) {
      const plain = withoutEmpty(JSON.parse(JSON.stringify(data)));
      const body = typeof data.body === "string" ? data.body : "";
      delete plain.body;
      return "---\n" + dump(plain) + "---\n" + body;
    },
  };

  return { record, page, languages };
}
