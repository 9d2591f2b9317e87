using System.Collections.Immutable;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace JointPunishment.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SubjectGrainTests(ClusterFixture fixture)
{
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static int _sequence;

    [Fact]
    public async Task Officer_OfTwoListedUnitsAndDebtorToo_GetsEveryBasisInOneCall()
    {
        var person = Person();
        var unitA = Unit();
        var unitB = Unit();
        await ApplyAsync(person, Listed(person, "case-own"));
        await ApplyAsync(unitA, Listed(unitA, "case-a") with { Officers = [new Officer(SubjectRole.LegalRepresentative, person)] });
        await ApplyAsync(unitB, Listed(unitB, "case-b") with { Officers = [new Officer(SubjectRole.ActualController, person)] });

        var result = await Grain(person).CheckAsync(Query("consumption.hotel", person));

        Assert.Equal(Decision.Block, result.Decision);
        Assert.Equal(
            [("case-a", SubjectRole.LegalRepresentative), ("case-b", SubjectRole.ActualController), ("case-own", SubjectRole.Debtor)],
            result.Measures.Single().Basis.Select(b => (b.CaseNumber, b.As)).Order());
    }

    [Fact]
    public async Task Officer_WhenUnitIsShielded_LosesTheDerivedRestriction()
    {
        var officer = Person();
        var unit = Unit();
        await ApplyAsync(unit, Listed(unit, "case-s") with { Officers = [new Officer(SubjectRole.Principal, officer)] });
        Assert.Equal(Decision.Block, (await Grain(officer).CheckAsync(Query("consumption.air", officer))).Decision);

        await ApplyAsync(unit, Event(unit, CourtEventType.Shielded, "case-s"));

        Assert.Equal(Decision.Allow, (await Grain(officer).CheckAsync(Query("consumption.air", officer))).Decision);
    }

    [Fact]
    public async Task Event_ResentWithSameId_IsDuplicateAndChangesNothing_AlsoAfterReactivation()
    {
        var person = Person();
        var listed = Listed(person, "case-d");
        Assert.Equal(EventStatus.Applied, (await ApplyAsync(person, listed)).Status);
        var before = await Grain(person).GetViewAsync();

        await fixture.Cluster.DeactivateAsync(Grain(person));
        var again = await ApplyAsync(person, listed);

        Assert.Equal(EventStatus.Duplicate, again.Status);
        var after = await Grain(person).GetViewAsync();
        Assert.Equal(before!.Listings.Single().Version, after!.Listings.Single().Version);
        Assert.Single(after.Listings.Single().History);
    }

    [Fact]
    public async Task Event_WhoseIndexingFailed_IsAppliedWhenResent_NotAnsweredDuplicate()
    {
        var person = Person();
        var listed = Listed(person, "case-if");
        fixture.Index.Failing = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => ApplyAsync(person, listed));
        }
        finally
        {
            fixture.Index.Failing = false;
        }

        Assert.Equal(EventStatus.Applied, (await ApplyAsync(person, listed)).Status);
        Assert.True(fixture.Index.Contains(SubjectKeys.HashOf(fixture.Keys.For(person))));
        Assert.Equal(Decision.Block, (await Grain(person).CheckAsync(Query("consumption.air", person))).Decision);
    }

    [Fact]
    public async Task Event_Rejected_IsNotRecorded_SoResendingItIsEvaluatedAfresh()
    {
        var person = Person();
        var shield = Event(person, CourtEventType.Shielded, "case-r");
        Assert.Equal(EventStatus.Rejected, (await ApplyAsync(person, shield)).Status);

        await ApplyAsync(person, Listed(person, "case-r"));

        Assert.Equal(EventStatus.Applied, (await ApplyAsync(person, shield)).Status);
    }

    [Fact]
    public async Task FanOut_CutShort_IsNotAcknowledged_AndTheResentEventsAnswerComesOnlyOnceTheOfficerIsRestricted()
    {
        var officer = Person();
        var unit = Unit();
        var listed = Listed(unit, "case-fa") with { Officers = [new Officer(SubjectRole.Principal, officer)] };
        fixture.Fault.Failing = true;
        try
        {
            // The court must not hear "applied" while the officer's grain would still answer from no state.
            await Assert.ThrowsAsync<TimeoutException>(() => ApplyAsync(unit, listed));
        }
        finally
        {
            fixture.Fault.Failing = false;
        }

        // The court resends: the event was stored, so it is a duplicate, answered only after the delivery (no reminder tick).
        Assert.Equal(EventStatus.Duplicate, (await ApplyAsync(unit, listed)).Status);

        var result = await Grain(officer).CheckAsync(Query("consumption.air", officer));
        Assert.Equal(Decision.Block, result.Decision);
        Assert.Equal(SubjectRole.Principal, result.Measures.Single().Basis.Single().As);
        Assert.Null(await fixture.Reminders.ReadRow(Grain(unit).GetGrainId(), "officer-fanout"));
    }

    [Fact]
    public async Task FanOut_InterruptedBeforeTheOfficerGotIt_IsCompletedWhenTheUnitComesBack()
    {
        var officer = Person();
        var unit = Unit();
        fixture.Fault.Failing = true;
        try
        {
            await Assert.ThrowsAsync<TimeoutException>(() => ApplyAsync(unit, Listed(unit, "case-f") with { Officers = [new Officer(SubjectRole.DirectlyResponsible, officer)] }));
        }
        finally
        {
            fixture.Fault.Failing = false;
        }

        // The pending update was persisted with the event: a fresh activation of the unit delivers it.
        await fixture.Cluster.DeactivateAsync(Grain(unit));
        await Grain(unit).GetViewAsync();

        var result = await Grain(officer).CheckAsync(Query("consumption.air", officer));
        Assert.Equal(Decision.Block, result.Decision);
        Assert.Equal(SubjectRole.DirectlyResponsible, result.Measures.Single().Basis.Single().As);

        // The new activation did not register the reminder; it found it and removed it once the outbox was empty.
        Assert.Null(await fixture.Reminders.ReadRow(Grain(unit).GetGrainId(), "officer-fanout"));
    }

    [Fact]
    public async Task UnitListing_PutsTheUnitAndItsOfficersInTheIndexBeforeItIsAcknowledged()
    {
        var officer = Person();
        var unit = Unit();
        fixture.Fault.Failing = true;
        try
        {
            // The officer's update is not delivered, so the event is not acknowledged; the index has both all the same.
            await Assert.ThrowsAsync<TimeoutException>(() => ApplyAsync(unit, Listed(unit, "case-i") with { Officers = [new Officer(SubjectRole.LegalRepresentative, officer)] }));
        }
        finally
        {
            fixture.Fault.Failing = false;
        }

        Assert.True(fixture.Index.Contains(SubjectKeys.HashOf(fixture.Keys.For(unit))));
        Assert.True(fixture.Index.Contains(SubjectKeys.HashOf(fixture.Keys.For(officer))));
    }

    [Fact]
    public async Task UnitListing_IndexesItsOfficersOnce_TheOfficersDoNotAddThemselvesAgain()
    {
        var (first, second) = (Person(), Person());
        var unit = Unit();
        var shards = new[] { unit, first, second }.Select(s => RestrictedIndex.ShardOf(SubjectKeys.HashOf(fixture.Keys.For(s)))).Distinct().Count();
        var addsBefore = fixture.Index.Adds;

        await ApplyAsync(unit, Listed(unit, "case-o") with
        {
            Officers = [new Officer(SubjectRole.LegalRepresentative, first), new Officer(SubjectRole.Principal, second)],
        });

        // One add per shard the unit's call touched, none from the officers when the links reached them.
        Assert.Equal(shards, fixture.Index.Adds - addsBefore);
        Assert.Equal(Decision.Block, (await Grain(second).CheckAsync(Query("consumption.air", second))).Decision);
        Assert.True(fixture.Index.Contains(SubjectKeys.HashOf(fixture.Keys.For(second))));
    }

    [Fact]
    public async Task UnitListing_RemovesItsFanOutReminder_WithoutReadingItBack()
    {
        var unit = Unit();
        var readsBefore = fixture.Reminders.RowReads;

        await ApplyAsync(unit, Listed(unit, "case-r") with
        {
            Officers = [new Officer(SubjectRole.LegalRepresentative, Person()), new Officer(SubjectRole.Principal, Person())],
        });

        Assert.Equal(0, fixture.Reminders.RowReads - readsBefore);
        Assert.Null(await fixture.Reminders.ReadRow(Grain(unit).GetGrainId(), "officer-fanout"));
    }

    [Fact]
    public async Task Applicant_WithListedRelatedPerson_IsRestrictedUnderPlusAOnly()
    {
        var director = Person();
        var applicant = Unit();
        await ApplyAsync(director, Listed(director, "case-p"));
        ImmutableArray<RelatedPerson> related = [new RelatedPerson(SubjectRole.Director, fixture.Keys.For(director))];

        var plusA = await Grain(applicant).CheckAsync(Query("supervision.key_target", applicant) with { Related = related });
        var notPlusA = await Grain(applicant).CheckAsync(Query("procurement.government", applicant) with { Related = related });

        Assert.Equal(Decision.Flag, plusA.Decision);
        Assert.Equal(new Basis("case-p", "court-1", SubjectRole.Director), plusA.Measures.Single().Basis.Single());
        Assert.Equal(Decision.Allow, notPlusA.Decision);
    }

    [Fact]
    public async Task Verification_SuspendsTheMeasureUntilConfirmed()
    {
        var person = Person();
        await ApplyAsync(person, Listed(person, "case-v"));
        await ApplyAsync(person, Event(person, CourtEventType.VerificationStarted, "case-v") with { Measure = "consumption.air" });

        Assert.Equal(Decision.Allow, (await Grain(person).CheckAsync(Query("consumption.air", person))).Decision);
        Assert.Equal(Decision.Block, (await Grain(person).CheckAsync(Query("consumption.hotel", person))).Decision);

        await ApplyAsync(person, Event(person, CourtEventType.VerificationClosed, "case-v") with { Outcome = VerificationOutcome.Confirmed });
        Assert.Equal(Decision.Block, (await Grain(person).CheckAsync(Query("consumption.air", person))).Decision);
    }

    [Fact]
    public async Task Projection_ReceivesEveryAcknowledgedChange_WithAGrowingRevision()
    {
        var person = Person();
        await ApplyAsync(person, Listed(person, "case-pr"));
        var first = fixture.Projection.Latest(fixture.Keys.For(person));
        await ApplyAsync(person, Event(person, CourtEventType.Shielded, "case-pr"));
        var second = fixture.Projection.Latest(fixture.Keys.For(person));

        Assert.Equal(ListingStatus.Listed, first!.Listings.Single().Status);
        Assert.Equal(ListingStatus.Shielded, second!.Listings.Single().Status);
        Assert.True(second.Revision > first.Revision);
    }

    [Fact]
    public async Task Projection_FailingAfterTheStateWasStored_IsCompletedByTheNextActivation()
    {
        var person = Person();
        await ApplyAsync(person, Listed(person, "case-pf"));
        fixture.Projection.Failing = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => ApplyAsync(person, Event(person, CourtEventType.Shielded, "case-pf")));
        }
        finally
        {
            fixture.Projection.Failing = false;
        }

        Assert.Equal(ListingStatus.Listed, fixture.Projection.Latest(fixture.Keys.For(person))!.Listings.Single().Status);

        // The failed call dropped the activation; the next one reads the stored change and projects it.
        await Grain(person).GetViewAsync();

        Assert.Equal(ListingStatus.Shielded, fixture.Projection.Latest(fixture.Keys.For(person))!.Listings.Single().Status);
    }

    [Fact]
    public async Task Activation_ProjectsAgain_OnlyWhatTheProjectionsDoNotHold()
    {
        var person = Person();
        var key = fixture.Keys.For(person);
        await ApplyAsync(person, Listed(person, "case-held"));
        var projected = fixture.Projection.Projected(key);

        await fixture.Cluster.DeactivateAsync(Grain(person));
        await Grain(person).GetViewAsync();
        Assert.Equal(projected, fixture.Projection.Projected(key));

        // As if the silo had died between storing the change and projecting it.
        fixture.Projection.Forget(key);
        await fixture.Cluster.DeactivateAsync(Grain(person));
        await Grain(person).GetViewAsync();
        Assert.Equal(projected + 1, fixture.Projection.Projected(key));
        Assert.Equal(ListingStatus.Listed, fixture.Projection.Latest(key)!.Listings.Single().Status);
    }

    [Fact]
    public async Task Activation_OfAStateStoredWithItsProjections_AsksThemNothing()
    {
        var person = Person();
        var key = fixture.Keys.For(person);
        await ApplyAsync(person, Listed(person, "case-bulk"));
        var projected = fixture.Projection.Projected(key);

        // Stored as the bulk path stores a state: with its projections in one transaction, so the state says they hold it.
        var storage = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Main);
        var grainId = Grain(person).GetGrainId();
        var stored = new GrainState<SubjectState>();
        await storage.ReadStateAsync("state", grainId, stored);
        stored.State!.ProjectedRevision = stored.State.Revision;
        await storage.WriteStateAsync("state", grainId, stored);

        // The projection has lost it, and is not asked: the activation projects nothing. (A state a grain stored, whose
        // projections are not known to hold it, is projected again: Activation_ProjectsAgain_OnlyWhatTheProjectionsDoNotHold.)
        fixture.Projection.Forget(key);
        await fixture.Cluster.DeactivateAsync(Grain(person));
        await Grain(person).GetViewAsync();
        Assert.Equal(projected, fixture.Projection.Projected(key));
        Assert.Null(fixture.Projection.Latest(key));
    }

    [Fact]
    public async Task Projection_FailingOnActivation_DoesNotStopTheSubjectAnsweringChecks_AndIsRetriedByTheNextWrite()
    {
        var person = Person();
        await ApplyAsync(person, Listed(person, "case-pa"));
        await fixture.Cluster.DeactivateAsync(Grain(person));
        fixture.Projection.Failing = true;
        try
        {
            // Before: the activation threw with the projection, and every check of this subject failed with it.
            Assert.Equal(Decision.Block, (await Grain(person).CheckAsync(Query("consumption.air", person))).Decision);
            Assert.NotNull(await Grain(person).GetViewAsync());
        }
        finally
        {
            fixture.Projection.Failing = false;
        }

        await ApplyAsync(person, Event(person, CourtEventType.Shielded, "case-pa"));

        Assert.Equal(ListingStatus.Shielded, fixture.Projection.Latest(fixture.Keys.For(person))!.Listings.Single().Status);
    }

    [Fact]
    public async Task CreditRepair_RefusedWhileListed_ThenKeptPerAgencyAcrossReactivation_AndProjected()
    {
        var person = Person();
        var decidedAt = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(CreditRepairOutcome.NeverListed, await Grain(person).RecordCreditRepairAsync("bank", CreditRepairDecision.Granted, null, decidedAt));
        await ApplyAsync(person, Listed(person, "case-cr"));
        var revision = fixture.Projection.Latest(fixture.Keys.For(person))!.Revision;

        Assert.Equal(CreditRepairOutcome.ActiveListing, await Grain(person).RecordCreditRepairAsync("bank", CreditRepairDecision.Granted, null, decidedAt));
        Assert.Equal(revision, fixture.Projection.Latest(fixture.Keys.For(person))!.Revision);

        await ApplyAsync(person, Event(person, CourtEventType.Shielded, "case-cr"));
        Assert.Equal(CreditRepairOutcome.Recorded, await Grain(person).RecordCreditRepairAsync("bank", CreditRepairDecision.Denied, "first", decidedAt));
        Assert.Equal(CreditRepairOutcome.Recorded, await Grain(person).RecordCreditRepairAsync("bank", CreditRepairDecision.Granted, "second", decidedAt));
        Assert.Equal(CreditRepairOutcome.Recorded, await Grain(person).RecordCreditRepairAsync("air", CreditRepairDecision.Denied, null, decidedAt));
        await fixture.Cluster.DeactivateAsync(Grain(person));

        var view = await Grain(person).GetViewAsync();
        Assert.Equal([("air", CreditRepairDecision.Denied), ("bank", CreditRepairDecision.Granted)], view!.CreditRepairs.Select(r => (r.Agency, r.Decision)));
        Assert.Equal(2, fixture.Projection.Latest(fixture.Keys.For(person))!.CreditRepairs.Length);
    }

    [Fact]
    public async Task Reconsideration_FromTheListingCourtsRegisteredHigherCourt_IsAccepted_FromAnotherCourtRejected()
    {
        var listingCourt = $"court-r{Interlocked.Increment(ref _sequence)}";
        await fixture.Client.GetGrain<ICourtGrain>(GrainKeys.Court(listingCourt)).RegisterAsync("基层法院", [], "secret", higherCourt: "court-h");
        var person = Person();
        foreach (var type in new[] { CourtEventType.Listed, CourtEventType.CorrectionRequested, CourtEventType.CorrectionDismissed })
        {
            var e = Event(person, type, "case-r") with { Court = listingCourt };
            Assert.Equal(EventStatus.Applied, (await ApplyAsync(person, type == CourtEventType.Listed ? e with { ListedOn = Today, Public = true } : e)).Status);
        }

        var byOther = await ApplyAsync(person, Event(person, CourtEventType.ReconsiderationRequested, "case-r") with { Court = "court-x" });
        var byHigher = await ApplyAsync(person, Event(person, CourtEventType.ReconsiderationRequested, "case-r") with { Court = "court-h" });

        Assert.Equal(EventStatus.Rejected, byOther.Status);
        Assert.Equal(EventStatus.Applied, byHigher.Status);
        Assert.Equal("court-h", (await Grain(person).GetViewAsync())!.Listings.Single().Reconsideration!.Court);
    }

    [Fact]
    public async Task Objection_GoesToEveryCaseInForce_IsStoredAndProjectedBeforeReturning_AndSurvivesReactivation()
    {
        var person = Person();
        await ApplyAsync(person, Listed(person, "case-o1"));
        await ApplyAsync(person, Listed(person, "case-o2"));
        await ApplyAsync(person, Event(person, CourtEventType.Shielded, "case-o2"));
        var objection = new Objection("obj-1", "air", "consumption.air", "异议", DateTimeOffset.UnixEpoch, Today);

        var cases = await Grain(person).ReferObjectionAsync(objection);

        Assert.Equal([new ObjectionCase("case-o1", "court-1")], cases.ToArray());
        var projected = fixture.Projection.Latest(fixture.Keys.For(person))!;
        Assert.Equal([objection], projected.Listings.Single(l => l.CaseNumber == "case-o1").Objections.ToArray());
        Assert.Empty(projected.Listings.Single(l => l.CaseNumber == "case-o2").Objections);
        await fixture.Cluster.DeactivateAsync(Grain(person));
        Assert.Equal([objection], (await Grain(person).GetViewAsync())!.Listings.Single(l => l.CaseNumber == "case-o1").Objections.ToArray());
    }

    [Fact]
    public async Task Objection_SubjectWithNoCaseInForce_GoesNowhere_AndStoresNothing()
    {
        var person = Person();

        var cases = await Grain(person).ReferObjectionAsync(new Objection("obj-2", "air", "consumption.air", "异议", DateTimeOffset.UnixEpoch, Today));

        Assert.Empty(cases);
        Assert.Null(await Grain(person).GetViewAsync());
        Assert.Null(fixture.Projection.Latest(fixture.Keys.For(person)));
    }

    [Fact]
    public async Task RedList_NamesTheSubject_GivesIncentivesOnAllow_AndAListingEndsItWithItsCase_AlsoAfterReactivation()
    {
        var person = Person();
        var entry = new RedListEntry("纳税信用A级", "评定", Today, null);

        Assert.Equal(RedListOutcome.Added, await Grain(person).AddToRedListAsync(person, entry));

        Assert.True(fixture.Index.Contains(SubjectKeys.HashOf(fixture.Keys.For(person))));
        var allowed = await Grain(person).CheckAsync(Query("consumption.air", person));
        Assert.Equal(Decision.Allow, allowed.Decision);
        Assert.Equal(new Incentive("纳税信用A级", "评定"), Assert.Single(allowed.Incentives));

        await ApplyAsync(person, Listed(person, "case-red"));
        await fixture.Cluster.DeactivateAsync(Grain(person));

        var exited = await Grain(person).GetRedListAsync();
        Assert.Equal((Today.AddDays(-3), "listed: case-red"), (exited!.ExitedOn, exited.ExitReason));
        var restricted = await Grain(person).CheckAsync(Query("consumption.air", person));
        Assert.Equal(Decision.Block, restricted.Decision);
        Assert.Empty(restricted.Incentives);
        Assert.Equal(RedListOutcome.Listed, await Grain(person).AddToRedListAsync(person, entry));
        Assert.Equal("listed: case-red", (await Grain(person).GetRedListAsync())!.ExitReason);
        Assert.False(await Grain(person).RemoveFromRedListAsync(Today));
    }

    private ISubjectGrain Grain(SubjectRef subject) => fixture.Client.GetGrain<ISubjectGrain>(fixture.Keys.For(subject));

    private async Task<EventOutcome> ApplyAsync(SubjectRef subject, CourtEvent e) => (await Grain(subject).ApplyAsync([e])).Single();

    private static CheckQuery Query(string measure, SubjectRef subject) => new(measure, Today, null, [], subject.IdType);

    private static CourtEvent Listed(SubjectRef subject, string caseNumber) =>
        Event(subject, CourtEventType.Listed, caseNumber) with { ListedOn = Today.AddDays(-3), Public = true };

    private static CourtEvent Event(SubjectRef subject, CourtEventType type, string caseNumber) =>
        new($"ev-{Interlocked.Increment(ref _sequence)}", type, "court-1", caseNumber, subject, Today);

    private static SubjectRef Person() => new(IdType.Passport, $"E{Interlocked.Increment(ref _sequence):00000000}", "person");

    private static SubjectRef Unit() => new(IdType.OrgCode, $"U{Interlocked.Increment(ref _sequence):0000000}X", "unit");
}
