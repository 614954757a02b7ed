// fast-check generators of hostile HTTP input: bodies, content types, Authorization values, path and
// query values. Each generated request part prints as a short label in a counterexample, not as a
// megabyte of bytes.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { type JsonSchema, keysOf } from './openapi.js';

/** express.json / express.urlencoded limit of the app (app.ts BODY_LIMIT). */
export const BODY_LIMIT = 1024 * 1024;
export const PASSWORD = 'correct-horse-battery';

/** Gives a value a short printable form for fast-check's counterexample report. */
function labelled<T extends object>(value: T, label: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => label, enumerable: false });
  return value;
}

const short = (s: string, max = 60): string => (s.length > max ? `${JSON.stringify(s.slice(0, max))}…(${s.length})` : JSON.stringify(s));

// ---------------------------------------------------------------------------------------------------
// Strings and values

/** Hand-picked trouble: NUL (PostgreSQL text refuses it), lone surrogates, bidi and BOM, injection
 * shapes, lookalikes, boundary lengths of the documented limits. */
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '\ud83d', '\u202e\u0644', '\ufeff', '\uffff', '\u2028', '\r\n', '\t',
  '"', '\\', "'; DROP TABLE users; --", '%00', '../../etc/passwd', '<script>alert(1)</script>', '${jndi:ldap://x}',
  '{{7*7}}', 'null', 'true', '0', '-1', 'NaN', '1e309', '__proto__', 'constructor', 'toString',
  'ａｄｍｉｎ@ｅｘａｍｐｌｅ.ｃｏｍ', 'ADMIN@EXAMPLE.COM', ' a@example.com ', 'a@example.com\u0000', 'a\u0000@example.com',
  'a@b', '@', 'a@@b.c', 'a@b..c', 'a@.c', `${'a'.repeat(64)}@example.com`, `${'a'.repeat(65)}@example.com`,
  `a@${'b'.repeat(250)}.com`, '😀'.repeat(200), 'é'.repeat(129), 'x'.repeat(255), 'x'.repeat(256), 'p'.repeat(128),
  'p'.repeat(129), '😀'.repeat(128), '😀'.repeat(129), 'dummy-password-for-timing-equalisation',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }))
      .map(([local, domain]) => `${local}@${domain}.com`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 257, max: 400_000 }).map((n) => 'x'.repeat(n)) },
);

const NASTY_SCALARS = [null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, [], {}, [null], { '': null }];

export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_SCALARS) },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.bigInt().map((b) => Number(b))) },
);

// ---------------------------------------------------------------------------------------------------
// Valid values from a JSON schema, to build bodies that get past the first checks

let emailCounter = 0;
const runTag = Math.random().toString(36).slice(2, 8);

export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map(validValue));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ['string'];
  return fc.oneof(...types.map((t) => validOfType(t, schema)));
}

function validOfType(type: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'array':
      return fc.array(validValue(schema.items ?? {}), { maxLength: 3 });
    case 'object': {
      const props = schema.properties ?? {};
      const arbs = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v)]));
      return fc.record(arbs, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    default: {
      if (schema.format === 'email') {
        // Mostly fresh addresses, sometimes one already taken (a 409 path).
        return fc.oneof(
          fc.constant(null).map(() => `fuzz-${runTag}-${emailCounter++}@example.com`),
          fc.constantFrom('fuzz-taken@example.com', 'FUZZ-TAKEN@example.com '),
        );
      }
      if (schema.format === 'password') return fc.constant(PASSWORD);
      const min = schema.minLength ?? 0;
      return fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(schema.maxLength ?? 40, 40)) });
    }
  }
}

/**
 * Values the schema accepts, made of hostile characters: NUL, lone surrogates, bidi controls, emoji,
 * quotes. They pass validation and travel to the domain and the database.
 */
export function hostileValid(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'string'];
  if (schema.type === 'object' || types.includes('object')) {
    const props = schema.properties ?? {};
    const arbs = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, hostileValid(v)]));
    return fc.record(arbs, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
  }
  if (!types.includes('string') || schema.enum) return validValue(schema);
  const fits = (s: string) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
  if (schema.format === 'email') {
    const local = fc.oneof(
      fc.constantFrom('a\u0000b', '\u0000', '\ud800', '\u202e', '😀', 'İ', 'ǅ', 'ẞ', 'Ω', 'K', "o'neil", '"q"', '\\', '%00', 'a+b'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((s) => !/[\s@]/.test(s)),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !/[\s@]/.test(s)),
    );
    const domain = fc.oneof(fc.constant('example.com'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).filter((s) => !/[\s@.]/.test(s)).map((d) => `${d}.com`));
    return fc.tuple(local, domain, fc.nat()).map(([l, d, n]) => `${l}${n}@${d}`).filter(fits);
  }
  const nasty = fc.oneof(
    fc.constantFrom('\u0000', 'Ada\u0000Lovelace', '\ud800\udc00\ud800', '\u202eevil', '😀'.repeat(100), "Robert'); DROP TABLE users;--", 'NULL', '\\x00', 'a\u0000'.repeat(60)),
    fc.string({ unit: 'binary', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 60) }),
    fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 60) }),
  );
  const pad = (s: string) => (s.length < (schema.minLength ?? 0) ? s.padEnd(schema.minLength ?? 0, '\u0000') : s);
  return fc.oneof(nasty.map(pad).filter(fits), ...(types.includes('null') ? [fc.constant(null)] : []));
}

// ---------------------------------------------------------------------------------------------------
// Bodies

export interface BodySpec {
  headers: Record<string, string>;
  body?: Buffer;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function spec(label: string, contentType: string | undefined, body: Buffer | string | undefined): BodySpec {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return labelled({ headers, ...(buf === undefined ? {} : { body: buf }) }, `${label} [${contentType ?? 'no content-type'}, ${buf?.length ?? 0} bytes]`);
}

/** Percent-encodes the UTF-8 bytes of a string (lone surrogates become U+FFFD, as a browser does). */
function formEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`))
    .join('');
}

function formOf(obj: Record<string, unknown>): string {
  return Object.entries(obj)
    .map(([k, v]) => `${formEncode(k)}=${formEncode(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');
}

/** A valid body of the operation with one field replaced (or one unknown field added) by a nasty value. */
function nearValid(schema: JsonSchema, contentType: string): fc.Arbitrary<BodySpec> {
  const keys = [...keysOf(schema), 'is_admin', 'password_hash', '__proto__', 'id', ''];
  return fc
    .tuple(validValue(schema), fc.constantFrom(...keys), nastyValue, fc.boolean())
    .map(([valid, key, value, replace]) => {
      const obj: Record<string, unknown> = typeof valid === 'object' && valid !== null ? { ...valid } : {};
      // defineProperty, so that "__proto__" becomes an own key and is serialised.
      if (replace || !(key in obj)) Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      const label = `near-valid ${short(JSON.stringify(obj), 120)}`;
      return contentType === FORM_TYPE ? spec(label, FORM_TYPE, formOf(obj)) : spec(label, contentType, JSON.stringify(obj));
    });
}

/** A body the schema accepts, with hostile characters in every string. */
function hostileBody(schema: JsonSchema, contentType: string): fc.Arbitrary<BodySpec> {
  return hostileValid(schema).map((v) => {
    const obj = v as Record<string, unknown>;
    const label = `hostile but valid ${short(JSON.stringify(obj), 160)}`;
    return contentType === FORM_TYPE ? spec(label, FORM_TYPE, formOf(obj)) : spec(label, contentType, JSON.stringify(obj));
  });
}

/** The documented keys with values of any wrong type. */
function wrongTypes(keys: string[]): fc.Arbitrary<BodySpec> {
  const keyArb = fc.constantFrom(...keys, 'unexpected', '__proto__', 'constructor');
  return fc
    .dictionary(keyArb, nastyValue, { maxKeys: 6 })
    .map((obj) => spec(`wrong types ${short(JSON.stringify(obj), 120)}`, JSON_TYPE, JSON.stringify(obj)));
}

const anyJson: fc.Arbitrary<BodySpec> = fc
  .jsonValue({ maxDepth: 5, stringUnit: 'binary' })
  .map((v) => spec(`json ${short(JSON.stringify(v), 120)}`, JSON_TYPE, JSON.stringify(v)));

/** Nesting as deep as fits under the limit: arrays, objects, or both, at the root or in a field. */
const deepNesting: fc.Arbitrary<BodySpec> = fc
  .record({
    shape: fc.constantFrom('array', 'object', 'mixed'),
    depth: fc.integer({ min: 100, max: 1_000_000 }),
    field: fc.constantFrom(null, 'email', 'password', 'full_name', 'refresh_token', 'unknown'),
  })
  .map(({ shape, depth, field }) => {
    const open = shape === 'array' ? '[' : shape === 'object' ? '{"a":' : '[{"a":';
    const close = shape === 'array' ? ']' : shape === 'object' ? '}' : '}]';
    const wrap = field === null ? ['', ''] : [`{"${field}":`, '}'];
    const budget = BODY_LIMIT - 64;
    const d = Math.max(1, Math.min(depth, Math.floor(budget / (open.length + close.length))));
    const text = `${wrap[0]}${open.repeat(d)}1${close.repeat(d)}${wrap[1]}`;
    return spec(`nesting ${shape} depth ${d}${field ? ` in ${field}` : ''}`, JSON_TYPE, text);
  });

/** Big but under the limit: long strings, wide arrays, objects with thousands of keys. */
const huge: fc.Arbitrary<BodySpec> = fc.oneof(
  fc.record({ field: fc.constantFrom('email', 'password', 'full_name', 'refresh_token', 'username', 'x'), n: fc.integer({ min: 1000, max: BODY_LIMIT - 100 }) })
    .map(({ field, n }) => spec(`string of ${n} in ${field}`, JSON_TYPE, `{"${field}":"${'x'.repeat(n)}"}`)),
  fc.integer({ min: 1000, max: Math.floor((BODY_LIMIT - 16) / 2) })
    .map((n) => spec(`array of ${n} numbers`, JSON_TYPE, `[${'1,'.repeat(n - 1)}1]`)),
  fc.integer({ min: 1000, max: 60_000 })
    .map((n) => spec(`object with ${n} keys`, JSON_TYPE, `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`)),
  fc.integer({ min: 1000, max: 60_000 })
    .map((n) => spec(`form with ${n} pairs`, FORM_TYPE, Array.from({ length: n }, (_, i) => `k${i}=${i}`).join('&'))),
);

/** At and over the limit, plain or compressed: 413, never a buffer of unbounded size. */
const overLimit: fc.Arbitrary<BodySpec> = fc.oneof(
  fc.integer({ min: 1, max: 4096 }).map((extra) => spec(`json ${extra} bytes over the limit`, JSON_TYPE, `{"full_name":"${'x'.repeat(BODY_LIMIT + extra - 16)}"}`)),
  fc.integer({ min: 1, max: 4096 }).map((extra) => spec(`form ${extra} bytes over the limit`, FORM_TYPE, `username=${'x'.repeat(BODY_LIMIT + extra)}`)),
  fc.record({ mb: fc.integer({ min: 2, max: 64 }), enc: fc.constantFrom('gzip', 'deflate') }).map(({ mb, enc }) => {
    const plain = Buffer.alloc(mb * BODY_LIMIT, 0x20);
    const s = spec(`${enc} bomb inflating to ${mb} MB`, JSON_TYPE, gzipSync(plain));
    s.headers['Content-Encoding'] = enc === 'gzip' ? 'gzip' : 'deflate';
    if (enc === 'deflate') s.body = gzipSync(plain); // a gzip stream labelled deflate: a decode error, or 413
    return s;
  }),
);

const BAD_UTF8 = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0x00], [0xef, 0xbb, 0xbf]];

/** Bytes that are not UTF-8: raw, or inside the string of an otherwise valid JSON body. */
const invalidUtf8: fc.Arbitrary<BodySpec> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((b) => spec('random bytes', JSON_TYPE, Buffer.from(b))),
  fc.record({
    bad: fc.constantFrom(...BAD_UTF8),
    field: fc.constantFrom('email', 'password', 'full_name', 'refresh_token'),
    charset: fc.constantFrom('', '; charset=utf-8', '; charset=UTF-8'),
  }).map(({ bad, field, charset }) => {
    const body = Buffer.concat([Buffer.from(`{"${field}":"a`), Buffer.from(bad), Buffer.from(`b","password":"${PASSWORD}"}`)]);
    return spec(`bytes ${bad.map((x) => x.toString(16)).join(' ')} in ${field}`, JSON_TYPE + charset, body);
  }),
  fc.record({ bad: fc.constantFrom(...BAD_UTF8), name: fc.constantFrom('username', 'password', 'grant_type') }).map(({ bad, name }) => {
    const body = Buffer.concat([Buffer.from(`${name}=`), Buffer.from(bad), Buffer.from('&password=x')]);
    return spec(`raw bytes ${bad.map((x) => x.toString(16)).join(' ')} in form ${name}`, FORM_TYPE, body);
  }),
);

const FORM_GARBAGE = ['%', '%zz', '%00', '%u0041', '&&', '=', '==', '&=&', '%C3', '%FF', '+', '%2B', 'a=1&a=2', '__proto__[x]=1', 'a[b]=c'];

/** Form bodies, on every route, JSON ones included: duplicate keys, broken escapes, any charset. */
function formBodies(keys: string[]): fc.Arbitrary<BodySpec> {
  const pair = fc.oneof(
    fc.tuple(fc.constantFrom(...keys, 'username', 'password', 'grant_type', 'scope', 'x'), nastyString).map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`),
    fc.constantFrom(...FORM_GARBAGE),
  );
  return fc
    .tuple(fc.array(pair, { maxLength: 8 }), fc.constantFrom('', '; charset=utf-8', '; charset=iso-8859-1', '; charset=utf-16', '; charset=garbage'))
    .map(([pairs, charset]) => spec(`form ${short(pairs.join('&'), 120)}`, FORM_TYPE + charset, pairs.join('&')));
}

const ODD_CONTENT_TYPES = [
  'text/plain', 'text/html', 'application/xml', 'multipart/form-data; boundary=xyz', 'multipart/form-data',
  'application/octet-stream', 'application/json; charset=utf-16', 'application/json; charset=utf-16le',
  'application/json; charset=utf-32', 'application/json; charset=ucs-2', 'application/json; charset=iso-8859-1',
  'application/json; charset=nonsense', 'application/json; charset=', 'application/json;charset="UTF-8"',
  'APPLICATION/JSON', 'Application/Json; Charset=UTF-8', 'application/json; boundary=x', 'application/merge-patch+json',
  'application/vnd.api+json', 'application/problem+json', 'application/json, text/plain', 'application/', '/', ';',
  'garbage', '', 'application/json; charset=utf-8; charset=latin1', 'application/json;;;', 'application/json; q=0.1',
  'application/x-www-form-urlencoded; charset=utf-32', '*/*', 'application/*',
];

/** Odd or wrong content types, with a body that may or may not match them. */
const oddContentType: fc.Arbitrary<BodySpec> = fc
  .record({
    type: fc.oneof(fc.constantFrom(...ODD_CONTENT_TYPES), fc.string({ unit: headerChar(), maxLength: 60 })),
    text: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc.constantFrom(`{"email":"a@example.com","password":"${PASSWORD}"}`, '<xml/>', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--', ''),
      nastyString,
    ),
  })
  .map(({ type, text }) => spec(`odd content-type body ${short(text, 80)}`, type.trim() === '' ? undefined : type, text));

/** A body, with no content type at all. */
const noContentType: fc.Arbitrary<BodySpec> = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) => spec(`untyped ${short(JSON.stringify(v), 80)}`, undefined, JSON.stringify(v)));

const CONTENT_ENCODINGS = ['gzip', 'deflate', 'br', 'identity', 'x-garbage', 'gzip, identity', 'GZIP', 'compress', ''];

/** Every kind of body for an operation (any operation: bodies on GET are parsed too). */
export function bodyArb(bodies: { contentType: string; schema: JsonSchema }[]): fc.Arbitrary<BodySpec> {
  const keys = [...new Set(bodies.flatMap((b) => keysOf(b.schema)))];
  const kinds: fc.WeightedArbitrary<BodySpec>[] = [
    { weight: 3, arbitrary: fc.constant(null).map(() => spec('no body', undefined, undefined)) },
    { weight: 4, arbitrary: anyJson },
    { weight: 3, arbitrary: wrongTypes(keys.length > 0 ? keys : ['x']) },
    { weight: 2, arbitrary: deepNesting },
    { weight: 2, arbitrary: huge },
    { weight: 1, arbitrary: overLimit },
    { weight: 3, arbitrary: invalidUtf8 },
    { weight: 3, arbitrary: formBodies(keys) },
    { weight: 3, arbitrary: oddContentType },
    { weight: 1, arbitrary: noContentType },
    ...bodies.map((b) => ({ weight: 8, arbitrary: nearValid(b.schema, b.contentType) })),
    ...bodies.map((b) => ({ weight: 5, arbitrary: hostileBody(b.schema, b.contentType) })),
  ];
  // Now and then a Content-Encoding the body does not have.
  return fc.tuple(fc.oneof(...kinds), fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_ENCODINGS) })).map(([s, enc]) => {
    if (enc === null || s.body === undefined || 'Content-Encoding' in s.headers) return s;
    return labelled({ headers: { ...s.headers, 'Content-Encoding': enc }, body: s.body }, `${fc.stringify(s)} with Content-Encoding ${JSON.stringify(enc)}`);
  });
}

// ---------------------------------------------------------------------------------------------------
// Headers

/** Characters node:http lets a client put in a header value (it refuses controls but tab). */
export function headerChar(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0x80, max: 0xff }),
    fc.constant(0x09),
  ).map((c) => String.fromCharCode(c));
}

const headerString = (maxLength: number) => fc.string({ unit: headerChar(), maxLength });

const base64url = (maxLength: number) => fc.base64String({ maxLength }).map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));

export interface Principals {
  user: string;
  admin: string;
  /** Well-formed tokens the service must refuse: wrong key, alg none, expired, refresh as access, odd subs... */
  forged: string[];
}

/** An Authorization header value, or null for none. */
export function authorizationArb(p: Principals): fc.Arbitrary<string | null> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.constantFrom(`Bearer ${p.user}`, `bearer ${p.user}`) },
    { weight: 5, arbitrary: fc.constantFrom(`Bearer ${p.admin}`, `BEARER  ${p.admin}  `) },
    { weight: 3, arbitrary: fc.constantFrom(...p.forged).map((t) => `Bearer ${t}`) },
    { weight: 2, arbitrary: headerString(200) },
    { weight: 2, arbitrary: headerString(200).map((s) => `Bearer ${s}`) },
    {
      weight: 2,
      arbitrary: fc.tuple(base64url(60), base64url(200), base64url(60)).map(([h, b, s]) => `Bearer ${h}.${b}.${s}`),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Bearer', 'Bearer ', 'bearer x', 'Basic Og==', `Basic ${Buffer.from('a@example.com:pw').toString('base64')}`,
        'Bearer a.b.c', 'Bearer ....', `Bearer ${'A'.repeat(8000)}`, 'Token abc', 'Bearer =', 'Bearer null',
        'Bearer undefined', 'Bearer eyJ', 'Bearer\ttoken', `Bearer ${p.user} ${p.admin}`, `Bearer ${p.admin},Bearer ${p.user}`,
        `Bearer ${p.admin}x`, `Bearer ${p.admin.slice(0, -2)}`, `Bearer ${p.admin.replace(/\./g, '..')}`,
      ),
    },
  );
}

/** Other request headers a client may send: Accept and a request id, odd or not. */
export const extraHeadersArb: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      Accept: fc.constantFrom('application/json', 'application/xml', 'text/html', '*/*', 'application/json;q=0', 'garbage', ''),
      'X-Request-ID': headerString(100),
      Origin: fc.constantFrom('http://evil.example', 'null'),
    },
    { requiredKeys: [] },
  );

// ---------------------------------------------------------------------------------------------------
// Path and query values

/** Sent as they are: traversal, broken percent escapes, NUL. Only characters allowed in a request
 * target: a raw non-ASCII byte is refused by Node's HTTP parser (400, no body) before the app sees it. */
const RAW_PATH_VALUES = [
  '', '-1', '0', '1e3', '0x10', 'NaN', 'Infinity', '-Infinity', '1.5', '+1', '%201', '01', '1_000', '2147483647',
  '2147483648', '-2147483649', '9007199254740993', '99999999999999999999999', '1n', '%00', '..', '.', '%2e%2e', '%2F',
  '%2f..%2f', '%', '%zz', '%u0041', '%C3%A9', '%E9', '%F0%9F%98%80', '%ED%A0%80', '%FF', '%C0%AF', 'me', 'null', 'undefined',
  'true', '[]', '{}', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '1;DROP%20TABLE%20users', '1%27%20OR%201=1',
  '1/2', '..%2F..%2F', '1?x=1', '1#frag', '%3F', '%23',
];

/** A value for a path parameter: hostile strings, integers (never the ids of the test's own principals),
 * long runs, and any Unicode string percent-encoded. */
export function pathValueArb(avoidIds: number[], targetIds: number[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...RAW_PATH_VALUES) },
    { weight: 2, arbitrary: fc.constantFrom(...targetIds.map(String)) },
    {
      weight: 2,
      arbitrary: fc.oneof(fc.integer(), fc.integer({ min: -1, max: 50 }), fc.maxSafeInteger())
        .filter((n) => !avoidIds.includes(n))
        .map(String),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent) },
    // Any bytes, percent-encoded one by one: mostly not UTF-8 once decoded.
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 30 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')) },
    { weight: 1, arbitrary: fc.record({ ch: fc.constantFrom('9', 'a', '%41', '.', '%00'), n: fc.integer({ min: 100, max: 2500 }) }).map(({ ch, n }) => ch.repeat(n)) },
  );
}

/** A query string (with its leading "?", or empty): the documented names and others, hostile values. */
export function queryArb(names: string[]): fc.Arbitrary<string> {
  const name = fc.constantFrom(...names, 'skip', 'limit', '__proto__', 'constructor', 'skip[]', '', 'x'.repeat(500));
  const value = fc.oneof(fc.constantFrom(...RAW_PATH_VALUES), fc.integer().map(String), fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent));
  const pair = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(name, value).map(([k, v]) => `${k}=${v}`) },
    { weight: 1, arbitrary: name },
    { weight: 1, arbitrary: fc.constantFrom('&', '=', '==', '%', 'skip=1&skip=2', 'limit=1&limit=') },
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 5, arbitrary: fc.array(pair, { minLength: 1, maxLength: 5 }).map((ps) => `?${ps.join('&')}`) },
  );
}

// ---------------------------------------------------------------------------------------------------
// GET /metrics behind METRICS_TOKEN

/**
 * Whether an Authorization value presents `token` as RFC 6750 bearer credentials: the scheme in any
 * case, whitespace, the token, nothing else. The oracle of the /metrics fuzz, written from the RFC
 * and not from the endpoint's regular expression, so that the two can disagree.
 */
export function presentsBearer(authorization: string | null, token: string): boolean {
  const [scheme, presented, ...rest] = (authorization ?? '').trim().split(/\s+/);
  return rest.length === 0 && scheme?.toLowerCase() === 'bearer' && presented === token;
}

const latin1Base64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');

/**
 * Authorization values for GET /metrics: the right token in the spellings RFC 6750 allows, and near
 * misses of it (prefixes, suffixes, one character inserted or replaced, other schemes, quoting,
 * repetition), huge values under Node's 16 KiB header limit, user JWTs, empty and random ones.
 */
export function metricsAuthorizationArb(token: string, userTokens: string[]): fc.Arbitrary<string | null> {
  const at = fc.integer({ min: 0, max: token.length - 1 });
  const right = fc
    .tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR'), fc.constantFrom(' ', '  ', '\t', ' \t '), fc.constantFrom('', ' ', '\t'))
    .map(([scheme, gap, tail]) => `${scheme}${gap}${token}${tail}`);
  const cut = fc.oneof(
    at.map((n) => `Bearer ${token.slice(0, n)}`),
    at.map((n) => `Bearer ${token.slice(n + 1)}`),
    // Any header character, Latin-1 included: it may also be whitespace, or the very character replaced.
    fc.tuple(at, headerChar()).map(([i, c]) => `Bearer ${token.slice(0, i)}${c}${token.slice(i)}`),
    fc.tuple(at, headerChar()).map(([i, c]) => `Bearer ${token.slice(0, i)}${c}${token.slice(i + 1)}`),
    fc.tuple(at, headerChar()).map(([i, c]) => `Bearer ${token}${c.repeat(i + 1)}`),
  );
  const disguised = fc.constantFrom(
    token, `Bearer${token}`, `Bearer:${token}`, `Bearer=${token}`, `Bearer%20${token}`, `Bearer "${token}"`, `Bearer '${token}'`,
    `Bearer <${token}>`, `Bearer ${token.toUpperCase()}`, `Bearer ${token}${token}`, `Bearer ${token} ${token}`,
    `Bearer ${token},Bearer ${token}`, `Bearer ${token}, Basic x`, `Bearer ${token};`, `Bearer ${token}=`, `Bearer token=${token}`,
    `Basic ${token}`, `Basic ${latin1Base64(`:${token}`)}`, `Basic ${latin1Base64(`metrics:${token}`)}`, `Token ${token}`,
    `Digest ${token}`, `Bearer ${Buffer.from(token).toString('base64')}`, `Bearer ${encodeURIComponent(` ${token}`)}`,
    `Bearer ${token.replace(/a/g, 'à')}`, `Bearer ${token.replace(/_/g, '\u00ad')}`, `Bearer Bearer ${token}`, `${token} Bearer`,
  );
  const huge = fc.oneof(
    fc.integer({ min: 2, max: 300 }).map((n) => `Bearer ${token.repeat(n)}`),
    fc.integer({ min: 1000, max: 12_000 }).map((n) => `Bearer ${'A'.repeat(n)}`),
    fc.integer({ min: 1000, max: 12_000 }).map((n) => `Bearer${' '.repeat(n)}${token}`),
    // A shape that makes a backtracking whitespace/non-whitespace pattern work hard.
    fc.integer({ min: 1000, max: 6_000 }).map((n) => `Bearer ${'a '.repeat(n)}`),
    fc.integer({ min: 1000, max: 12_000 }).map((n) => `Bearer ${'\u00ff'.repeat(n)}`),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: right },
    { weight: 6, arbitrary: cut },
    { weight: 4, arbitrary: disguised },
    { weight: 2, arbitrary: huge },
    { weight: 1, arbitrary: fc.constantFrom(...userTokens).map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Bearer \t', 'Bearer ""', 'Bearer null', 'Bearer undefined') },
    { weight: 1, arbitrary: headerString(200) },
    { weight: 1, arbitrary: headerString(200).map((s) => `Bearer ${s}`) },
  );
}

/** Query strings on /metrics: hostile ones, and the token where a careless endpoint might look for it. */
export function metricsQueryArb(token: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: queryArb(['name[]', 'format']) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `?token=${token}`, `?access_token=${token}`, `?authorization=Bearer%20${token}`, `?METRICS_TOKEN=${token}`,
        '?name[]=http_requests_in_flight', '?format=openmetrics', '?debug=true',
      ),
    },
  );
}
