-- A slot is never handed to a new binding while an earlier one still holds it or is cooling down:
-- the application picks free slots, the database refuses anything else.
CREATE FUNCTION bindings_guard_cooldown() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM bindings b
    WHERE b.slot_id = NEW.slot_id
      AND b.id <> NEW.id
      AND (b.cool_until IS NULL OR b.cool_until > NEW.bound_at)
  ) THEN
    RAISE EXCEPTION 'slot % is bound or cooling down at %', NEW.slot_id, NEW.bound_at
      USING ERRCODE = 'exclusion_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER bindings_guard_cooldown
BEFORE INSERT ON bindings
FOR EACH ROW EXECUTE FUNCTION bindings_guard_cooldown();
