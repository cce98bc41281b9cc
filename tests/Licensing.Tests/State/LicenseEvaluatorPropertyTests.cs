using FsCheck;
using FsCheck.Fluent;
using Glyphh.Licensing.Internal;
using Glyphh.TestSupport;

namespace Glyphh.Licensing.Tests.State;

/// <summary>
/// Random histories of clock moves (forward and back), server answers (valid, each refusal, timeout, 5xx, a replayed
/// receipt) and restarts through the real state file, driven through <see cref="LicenseEvaluator"/> with receipts and
/// licenses signed by a real issuer; <see cref="LicenseHistory"/> checks the invariants after every evaluation.
/// </summary>
public sealed class LicenseEvaluatorPropertyTests
{
    [Fact]
    public void EveryHistory_KeepsTheLicensingInvariants()
    {
        var statuses = new HashSet<LicenseStatus>();
        var answers = new HashSet<LicenseAnswerKind>();
        using var data = new TempDirectory();
        var property = Prop.ForAll(LicenseHistories.Scenario(), (LicenseScenario scenario) =>
        {
            var history = new LicenseHistory(scenario, data.Path);
            foreach (var step in scenario.Steps)
            {
                history.Run(step);
            }

            statuses.UnionWith(history.Statuses);
            answers.UnionWith(history.Answers);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), property);

        // The histories reached every status and every answer: the invariants were not checked on too little.
        Assert.Equal([LicenseStatus.Valid, LicenseStatus.Expiring, LicenseStatus.Grace, LicenseStatus.Expired, LicenseStatus.Invalid], statuses.Order().ToArray());
        Assert.Equal([LicenseAnswerKind.Validated, LicenseAnswerKind.Refused, LicenseAnswerKind.Failed], answers.Order().ToArray());
    }
}

/// <summary>The generators of <see cref="LicenseScenario"/>.</summary>
internal static class LicenseHistories
{
    private static readonly Gen<HistoryStep> Steps = Gen.Frequency(
        (6, Gen.Elements(1, 10, 30, 60, 180, 720, 1440, 4320).Select(m => (HistoryStep)new Wait(TimeSpan.FromMinutes(m)))),
        (2, Gen.OneOf(Gen.Choose(-20, 20), Gen.Choose(-4320, 1440)).Select(m => (HistoryStep)new MoveClock(TimeSpan.FromMinutes(m)))),
        (1, Gen.Constant((HistoryStep)new FixClock())),
        (3, Gen.Elements(Enum.GetValues<ServerMode>()).Select(m => (HistoryStep)new SetServer(m))),
        (1, Gen.Elements(0, 10, 600, 2880).Select(m => (HistoryStep)new Restart(TimeSpan.FromMinutes(m)))));

    /// <summary>Histories of up to 40 steps, for either kind of license that calls home.</summary>
    public static Gen<LicenseScenario> Scenarios { get; } =
        from offline in Gen.Elements(true, false)
        from seed in Gen.Choose(0, int.MaxValue)
        from count in Gen.Choose(1, 40)
        from steps in Gen.ArrayOf(Steps, count)
        select new LicenseScenario(offline, seed, steps);

    /// <summary>The scenarios as an FsCheck arbitrary (no shrinking: a failure prints the whole history).</summary>
    public static Arbitrary<LicenseScenario> Scenario() => Arb.From(Scenarios);
}
