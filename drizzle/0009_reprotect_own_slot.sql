-- Re-protecting an order may take back the slot its own ended line still holds while it cools down:
-- the cool-down keeps other buyers from this line's stale callers, not this order. Any other
-- earlier binding of the slot that is live or cooling still refuses the new one.
CREATE OR REPLACE FUNCTION bindings_guard_cooldown() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM bindings b
    WHERE b.slot_id = NEW.slot_id
      AND b.id <> NEW.id
      AND (b.cool_until IS NULL OR b.cool_until > NEW.bound_at)
      AND NOT (b.order_id = NEW.order_id AND b.ended_at IS NOT NULL AND b.ended_at <= NEW.bound_at)
  ) THEN
    RAISE EXCEPTION 'slot % is bound or cooling down at %', NEW.slot_id, NEW.bound_at
      USING ERRCODE = 'exclusion_violation';
  END IF;
  RETURN NEW;
END;
$$;
