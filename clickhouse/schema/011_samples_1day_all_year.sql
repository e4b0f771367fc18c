-- once
-- samples_1day_all created with the 30-day TTL (before 006 said 365): keep it a year, as samples_1day,
-- and refill the days the old TTL already dropped from samples_1day (the same sums, over hosts and
-- containers). Only days with no partition in samples_1day_all are refilled, so a second run adds
-- nothing. Readers never depend on the refill: the api reads days before samples_1day_all's first day
-- from samples_1day (api store/flamegraph.ts).

ALTER TABLE flamedb.samples_1day_all MODIFY TTL Timestamp + INTERVAL 365 DAY;

INSERT INTO flamedb.samples_1day_all
    (Timestamp, ServiceId, CallStackHash, CallStackName, CallStackParent, InsertionTimestamp, NumSamples, ErrNumSamples)
SELECT Timestamp, ServiceId, CallStackHash, any(CallStackName), any(CallStackParent), max(InsertionTimestamp),
       sum(NumSamples), sum(ErrNumSamples)
FROM flamedb.samples_1day
WHERE _partition_id NOT IN (SELECT partition_id FROM system.parts
                            WHERE database = 'flamedb' AND table = 'samples_1day_all' AND active)
GROUP BY Timestamp, ServiceId, CallStackHash;
