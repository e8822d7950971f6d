using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SecureAgg.Tests.Architecture;

/// <summary>
/// The namespace-to-namespace and namespace-to-assembly references of one compiled assembly, read from its IL with
/// Mono.Cecil: signatures, fields, base types, attributes, locals and every type, method and field named in a method
/// body. Compiler-generated nested types (lambdas, iterators, async state machines) count for their declaring type.
/// </summary>
public sealed class NamespaceDependencies
{
    /// <summary>One reference: which type of which namespace uses what, and through which member.</summary>
    public sealed record Edge(string FromNamespace, string FromType, string Target, string Via);

    private readonly List<Edge> _edges = [];

    private NamespaceDependencies(ModuleDefinition module)
    {
        foreach (var type in module.GetTypes())
        {
            var owner = Outermost(type);
            if (owner.Namespace.Length == 0)
                continue;
            Collect(owner, type);
        }
    }

    public static NamespaceDependencies Of(System.Reflection.Assembly assembly)
    {
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        return new NamespaceDependencies(module);
    }

    /// <summary>References from types of <paramref name="namespacePrefix"/> into assemblies whose name starts with <paramref name="assemblyPrefix"/>.</summary>
    public IReadOnlyList<Edge> IntoAssemblies(string namespacePrefix, string assemblyPrefix) =>
        _edges.Where(e => InNamespace(e.FromNamespace, namespacePrefix) && e.Target.StartsWith("[" + assemblyPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>Edges between namespaces of this assembly (targets without an assembly prefix), self-references left out.</summary>
    public IReadOnlyList<Edge> BetweenNamespaces() =>
        _edges.Where(e => !e.Target.StartsWith('[') && e.Target != e.FromNamespace).ToList();

    public static bool InNamespace(string ns, string prefix) => ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is { } outer)
            type = outer;
        return type;
    }

    private void Collect(TypeDefinition owner, TypeDefinition type)
    {
        void Add(TypeReference? reference, string via) => AddReference(owner, reference, via);

        Add(type.BaseType, "base type");
        foreach (var i in type.Interfaces)
            Add(i.InterfaceType, "interface");
        AddAttributes(owner, type.CustomAttributes, "attribute");
        foreach (var g in type.GenericParameters)
        foreach (var c in g.Constraints)
            Add(c.ConstraintType, "generic constraint");
        foreach (var field in type.Fields)
        {
            Add(field.FieldType, $"field {field.Name}");
            AddAttributes(owner, field.CustomAttributes, $"field {field.Name}");
        }
        foreach (var property in type.Properties)
            Add(property.PropertyType, $"property {property.Name}");
        foreach (var e in type.Events)
            Add(e.EventType, $"event {e.Name}");
        foreach (var method in type.Methods)
            CollectMethod(owner, method);
    }

    private void CollectMethod(TypeDefinition owner, MethodDefinition method)
    {
        var via = $"method {method.Name}";
        AddReference(owner, method.ReturnType, via);
        foreach (var p in method.Parameters)
            AddReference(owner, p.ParameterType, via);
        AddAttributes(owner, method.CustomAttributes, via);
        foreach (var g in method.GenericParameters)
        foreach (var c in g.Constraints)
            AddReference(owner, c.ConstraintType, via);
        if (!method.HasBody)
            return;
        foreach (var local in method.Body.Variables)
            AddReference(owner, local.VariableType, via);
        foreach (var handler in method.Body.ExceptionHandlers)
            AddReference(owner, handler.CatchType, via);
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    AddReference(owner, t, via);
                    break;
                case MethodReference m:
                    AddReference(owner, m.DeclaringType, via);
                    AddReference(owner, m.ReturnType, via);
                    foreach (var p in m.Parameters)
                        AddReference(owner, p.ParameterType, via);
                    if (m is GenericInstanceMethod gm)
                        foreach (var a in gm.GenericArguments)
                            AddReference(owner, a, via);
                    break;
                case FieldReference f:
                    AddReference(owner, f.DeclaringType, via);
                    AddReference(owner, f.FieldType, via);
                    break;
                case CallSite site:
                    AddReference(owner, site.ReturnType, via);
                    break;
            }
        }
    }

    private void AddAttributes(TypeDefinition owner, IEnumerable<CustomAttribute> attributes, string via)
    {
        foreach (var attribute in attributes)
            AddReference(owner, attribute.AttributeType, via);
    }

    private void AddReference(TypeDefinition owner, TypeReference? reference, string via)
    {
        switch (reference)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                AddReference(owner, generic.ElementType, via);
                foreach (var argument in generic.GenericArguments)
                    AddReference(owner, argument, via);
                return;
            case TypeSpecification spec: // arrays, pointers, by-ref, modifiers
                AddReference(owner, spec.ElementType, via);
                return;
        }
        var outer = reference;
        while (outer.DeclaringType is { } d)
            outer = d;
        var target = reference.Scope switch
        {
            AssemblyNameReference assembly => $"[{assembly.Name}]{outer.Namespace}",
            _ => outer.Namespace,
        };
        if (target.Length > 0)
            _edges.Add(new Edge(owner.Namespace, owner.FullName, target, $"{via} uses {reference.FullName}"));
    }
}
