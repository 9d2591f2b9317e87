-- Durable reminders for Microsoft.Orleans.Reminders.AdoNet 10.4.2.
CREATE TABLE orleansreminderstable
(
    serviceid    varchar(150)   NOT NULL,
    grainid      varchar(150)   NOT NULL,
    remindername varchar(150)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX ix_orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey',
 'INSERT INTO orleansreminderstable AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
  VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
  ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
     SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
         version = r.version + 1
  RETURNING r.version AS Version'),

('ReadReminderRowsKey',
 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminderstable
   WHERE serviceid = @ServiceId AND grainid = @GrainId'),

('ReadReminderRowKey',
 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminderstable
   WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName'),

-- A silo owns the ring range (BeginHash, EndHash]; the second form is the range that wraps around zero.
('ReadRangeRows1Key',
 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminderstable
   WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash'),

('ReadRangeRows2Key',
 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminderstable
   WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)'),

('DeleteReminderRowKey',
 'WITH deleted AS (
      DELETE FROM orleansreminderstable
       WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
      RETURNING 1)
  SELECT count(*)::integer FROM deleted'),

('DeleteReminderRowsKey',
 'DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId');
