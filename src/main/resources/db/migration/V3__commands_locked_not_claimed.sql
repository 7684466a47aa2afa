-- Commands are locked while they are published (select ... for update skip locked) instead of claimed with a lease.
alter table commands drop column claimed_by;
alter table commands drop column claimed_until;
