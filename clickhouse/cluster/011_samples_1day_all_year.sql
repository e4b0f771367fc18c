-- once
-- samples_1day_all created with the 30-day TTL (before 006 said 365): keep it a year, as samples_1day.
-- Unlike the single-node migration, the days the old TTL dropped are not refilled (an INSERT cannot run
-- ON CLUSTER): the api reads days before samples_1day_all's first day from samples_1day, so answers
-- are whole either way, and the per-host table is read less as those days age out.

ALTER TABLE flamedb.samples_1day_all_local_store ON CLUSTER '{cluster}' MODIFY TTL Timestamp + INTERVAL 365 DAY;
