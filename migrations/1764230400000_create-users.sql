-- Up Migration
-- vector is enabled here, once, so every later module can use the type without its own privilege step.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL CONSTRAINT users_email_lowercase CHECK (email = lower(email)),
  full_name text,
  password_hash text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  is_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Case-insensitive uniqueness is the database's job: it is the only check that holds under
-- concurrent registrations. The application maps a violation of this index to 409.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Down Migration
DROP TABLE users;
