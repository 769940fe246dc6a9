using Heed.Core.Purposes;
using Heed.Registry.Hosting;
using Heed.Registry.Replication;
using Heed.Registry.State;
using Heed.Storage.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Registry.Tests.Replication;

/// <summary>
/// The coordinator, which indexes running leases to answer in O(log N), against <see cref="ScanRule"/>, the
/// rule as a scan of every session: random schedules of opens, grants, acks, closes, writes, waits and clock
/// steps on a fake clock, and 10,000 sessions renewing every 100 ms.
/// </summary>
public sealed class LeaseCoordinatorModelTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    private static readonly ReplicaInfo Info = new("replica", "sdk", "tests", 1, "test");

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomSchedule_AgreesWithScanRuleAtEveryStep(int seed)
    {
        var rng = new Random(seed);
        var world = new World();
        var open = new List<(int Id, ReplicaLease Lease)>();
        var waiters = new List<(long Lsn, Task<DateTimeOffset> Task)>();
        int nextId = 0;
        var trace = new List<int>();
        TimeSpan[] steps = [TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(1), Lease / 3, Lease - TimeSpan.FromTicks(1), Lease, Lease * 2];

        for (int step = 0; step < 400; step++)
        {
            int op = rng.Next(9);
            trace.Add(op);
            bool evaluated = true;
            switch (op)
            {
                case 0 when open.Count < 8:
                    long openedAt = rng.NextInt64(0, world.Head + 1);
                    open.Add((nextId, world.Leases.Open(Info, openedAt)));
                    world.Model.Open(nextId++, openedAt);
                    evaluated = false;
                    break;
                case 1 or 2 when open.Count > 0:
                    (int gid, ReplicaLease granted) = open[rng.Next(open.Count)];
                    long applied = rng.NextInt64(0, world.Head + 1);
                    world.Model.Grant(gid, applied, world.Head, world.Time.GetTimestamp());
                    world.Leases.Grant(granted, applied);
                    break;
                case 3 when open.Count > 0:
                    (int aid, ReplicaLease acked) = open[rng.Next(open.Count)];
                    long ackedAt = rng.NextInt64(0, world.Head + 1);
                    world.Model.Ack(aid, ackedAt);
                    world.Leases.Ack(acked, ackedAt);
                    break;
                case 4 when open.Count > 0:
                    int index = rng.Next(open.Count);
                    world.Model.Close(open[index].Id);
                    world.Leases.Close(open[index].Lease);
                    open.RemoveAt(index);
                    break;
                case 5:
                    world.Commit();
                    evaluated = false;
                    break;
                case 6 when world.Head > 0:
                    long lsn = rng.NextInt64(1, world.Head + 1);
                    waiters.Add((lsn, world.Wait(lsn)));
                    evaluated = false; // a wait that is already enforced returns without evaluating the others
                    break;
                default:
                    world.Time.Advance(steps[rng.Next(steps.Length)]);
                    evaluated = false;
                    break;
            }

            long now = world.Time.GetTimestamp();
            for (long lsn = 1; lsn <= world.Head; lsn++)
            {
                world.Wait(lsn).IsCompletedSuccessfully.ShouldBe(world.Model.IsEnforced(lsn, now), $"seed {seed}, step {step}, LSN {lsn}");
            }

            foreach ((long lsn, Task<DateTimeOffset> task) in waiters)
            {
                if (task.IsCompleted)
                {
                    // Nothing in one step makes an enforced LSN unenforced except a grant, which is not a clock step.
                    world.Model.IsEnforced(lsn, now).ShouldBeTrue($"seed {seed}, step {step}: waiter on {lsn} completed early");
                }
                else if (evaluated)
                {
                    // Grants, acks and closes evaluate at once; after an open, a clock step, a commit or a wait, a waiter
                    // may still be the timer's (it fires 1 ms after a lease ends).
                    world.Model.IsEnforced(lsn, now).ShouldBeFalse($"seed {seed}, step {step}: waiter on {lsn} left waiting; ops {string.Join(' ', trace.TakeLast(6))}");
                }
            }

            waiters.RemoveAll(w => w.Task.IsCompleted);
            world.Leases.List().Count.ShouldBe(world.Model.Counted(now), $"seed {seed}, step {step}: sessions counted");
        }

        foreach ((_, ReplicaLease lease) in open)
        {
            world.Leases.Close(lease);
        }

        world.Time.Advance(Lease * 2);
        waiters.ShouldAllBe(w => w.Task.IsCompletedSuccessfully);
        world.Leases.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task TenThousandSessionsRenewingEvery100Ms_EachWriteAcknowledgedOnItsLastAck()
    {
        const int Sessions = 10_000;
        var world = new World();
        world.Time.Advance(Lease);
        var leases = new ReplicaLease[Sessions];
        for (int i = 0; i < Sessions; i++)
        {
            leases[i] = world.Leases.Open(Info, 0);
            world.Model.Open(i, 0);
            world.Leases.Grant(leases[i], 0);
            world.Model.Grant(i, 0, world.Head, world.Time.GetTimestamp());
        }

        var rng = new Random(7);
        int[] order = [.. Enumerable.Range(0, Sessions)];
        for (int round = 0; round < 30; round++)
        {
            world.Commit();
            long lsn = world.Head;
            Task<DateTimeOffset> wait = world.Wait(lsn);
            rng.Shuffle(order);
            for (int k = 0; k < Sessions; k++)
            {
                int i = order[k];
                world.Model.Grant(i, lsn - 1, world.Head, world.Time.GetTimestamp());
                world.Leases.Grant(leases[i], lsn - 1);
                if (k == Sessions - 1)
                {
                    wait.IsCompleted.ShouldBeFalse($"round {round}: acknowledged before the last session applied {lsn}");
                    world.Model.IsEnforced(lsn, world.Time.GetTimestamp()).ShouldBeFalse();
                }

                world.Leases.Ack(leases[i], lsn);
                world.Model.Ack(i, lsn);
            }

            wait.IsCompletedSuccessfully.ShouldBeTrue($"round {round}: not acknowledged after every session applied {lsn}");
            world.Model.IsEnforced(lsn, world.Time.GetTimestamp()).ShouldBeTrue();
            world.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // One session stops answering: the next write waits for exactly its lease, then the timer releases it.
        world.Commit();
        Task<DateTimeOffset> lagging = world.Wait(world.Head);
        DateTimeOffset session0Ends = world.Time.GetUtcNow() - TimeSpan.FromMilliseconds(100) + Lease;
        for (int i = 1; i < Sessions; i++)
        {
            world.Leases.Grant(leases[i], world.Head);
        }

        world.Time.Advance(Lease - TimeSpan.FromMilliseconds(200));
        for (int i = 1; i < Sessions; i++)
        {
            world.Leases.Grant(leases[i], world.Head);
        }

        bool beforeLeaseEnd = lagging.IsCompleted;
        world.Time.Advance(TimeSpan.FromMilliseconds(300));

        beforeLeaseEnd.ShouldBeFalse();
        lagging.IsCompletedSuccessfully.ShouldBeTrue();
        (await lagging).ShouldBeGreaterThan(session0Ends);
    }

    private sealed class World
    {
        public World()
        {
            Leases = new LeaseCoordinator(State, new RegistryOptions { Lease = Lease }, Time);
            Model = new ScanRule(Time.GetTimestamp(), (long)(Lease.TotalSeconds * Time.TimestampFrequency));
        }

        public FakeTimeProvider Time { get; } = new();

        public RegistryState State { get; } = new(DefaultTaxonomy.Create());

        public LeaseCoordinator Leases { get; }

        public ScanRule Model { get; }

        public long Head => State.Head;

        public void Commit()
        {
            long lsn = State.Head + 1;
            State.Apply([new LedgerEntry(lsn, EntryKinds.OptOutSet, $"user:model-{lsn}", "analytics", Time.GetUtcNow(), "{}", [], [])])
                .AsTask().IsCompletedSuccessfully.ShouldBeTrue();
        }

        public Task<DateTimeOffset> Wait(long lsn) => Leases.WaitEnforcedAsync(lsn, CancellationToken.None).AsTask();
    }
}
