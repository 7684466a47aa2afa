-- A command being published is claimed (attempts counted, claimed_until set) and committed before the publish, instead
-- of locked for the whole publish: an answer that comes back at once no longer waits for a lock, and a hub that dies
-- while publishing leaves a claim that runs out, after which the command is due again (docs/commands.md).
alter table commands add column claimed_until timestamptz;
