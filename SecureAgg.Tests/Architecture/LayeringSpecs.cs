using SecureAgg.Protocol;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Architecture;

/// <summary>
/// The build proves the layering, read from the compiled IL: the protocol core, its crypto and wire format, the pure
/// parts of the simulation and the learning code reference no Akka type, and no two namespaces depend on each other
/// in a cycle (in the library and in the host).
/// </summary>
public sealed class LayeringSpecs(ITestOutputHelper output)
{
    private static readonly System.Reflection.Assembly Library = typeof(ProtocolParameters).Assembly;
    private static readonly System.Reflection.Assembly HostProgram = typeof(SecureAgg.Host.Output.ResultCsv).Assembly;

    private static readonly string[] Pure =
    [
        "SecureAgg.Protocol",
        "SecureAgg.Crypto",
        "SecureAgg.Serialization",
        "SecureAgg.Simulation",
        "SecureAgg.Learning",
    ];

    public static TheoryData<string> PureNamespaces => new(Pure);

    [Theory]
    [MemberData(nameof(PureNamespaces))]
    public void The_pure_core_references_no_akka_assembly(string pureNamespace)
    {
        var dependencies = NamespaceDependencies.Of(Library);
        var violations = dependencies.IntoAssemblies(pureNamespace, "Akka")
            .Concat(dependencies.IntoAssemblies(pureNamespace, "DotNetty"))
            .Select(e => $"{e.FromType}: {e.Via}")
            .Distinct()
            .ToList();
        foreach (var v in violations.Take(40))
            output.WriteLine(v);
        Assert.True(violations.Count == 0, $"{pureNamespace} references Akka in {violations.Count} places, first: {violations.FirstOrDefault()}");
    }

    [Theory]
    [MemberData(nameof(PureNamespaces))]
    public void The_pure_core_uses_only_the_pure_core_of_this_library(string pureNamespace)
    {
        var violations = NamespaceDependencies.Of(Library).BetweenNamespaces()
            .Where(e => NamespaceDependencies.InNamespace(e.FromNamespace, pureNamespace))
            .Where(e => e.Target.StartsWith("SecureAgg", StringComparison.Ordinal) && !Pure.Any(p => NamespaceDependencies.InNamespace(e.Target, p)))
            .Select(e => $"{e.FromType} → {e.Target}: {e.Via}")
            .Distinct()
            .ToList();
        foreach (var v in violations.Take(40))
            output.WriteLine(v);
        Assert.True(violations.Count == 0, $"{pureNamespace} uses the actor layer in {violations.Count} places, first: {violations.FirstOrDefault()}");
    }

    [Fact]
    public void The_pure_namespaces_exist_so_the_purity_check_is_not_vacuous()
    {
        var namespaces = Library.GetTypes().Select(t => t.Namespace ?? "").ToHashSet();
        foreach (var pure in Pure)
            Assert.Contains(namespaces, ns => NamespaceDependencies.InNamespace(ns, pure));
        // The checker sees Akka where it is: the actor layer must show up as referencing it.
        Assert.NotEmpty(NamespaceDependencies.Of(Library).IntoAssemblies("SecureAgg.Actors", "Akka"));
    }

    public static TheoryData<string> Assemblies => ["library", "host"];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_two_namespaces_depend_on_each_other_in_a_cycle(string which)
    {
        var edges = NamespaceDependencies.Of(which == "library" ? Library : HostProgram).BetweenNamespaces()
            .Where(e => e.Target.StartsWith("SecureAgg", StringComparison.Ordinal))
            .ToList();
        var cycles = NamespaceCycles.Find(edges.Select(e => (e.FromNamespace, e.Target)));
        foreach (var cycle in cycles)
        {
            output.WriteLine("cycle: " + string.Join(" ↔ ", cycle));
            foreach (var e in edges.Where(e => cycle.Contains(e.FromNamespace) && cycle.Contains(e.Target)).DistinctBy(e => (e.FromType, e.Target)).Take(30))
                output.WriteLine($"  {e.FromType} → {e.Target}: {e.Via}");
        }
        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles.Select(c => string.Join(" ↔ ", c))));
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle_and_passes_a_chain()
    {
        Assert.Equal([["A", "B", "C"]], NamespaceCycles.Find([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]));
        Assert.Empty(NamespaceCycles.Find([("A", "B"), ("B", "C"), ("A", "C")]));
    }
}
