using SecureAgg.Learning.Data;
using SecureAgg.Learning.Model;

namespace SecureAgg.Learning.Prediction;

/// <summary>
/// The trained network: an MLP of <see cref="Input"/> features, the <see cref="Hidden"/> layer widths with ReLU,
/// and one output per class (softmax; the prediction is the class of the largest output), its parameters flat in
/// <see cref="ParameterOrderRule"/> (<see cref="MlpModel.ToVector"/>). Class i is activity id i + 1
/// (<see cref="Activities"/>), named in <see cref="Classes"/>.
/// </summary>
public sealed record ModelNetwork(string Kind, int Input, int[] Hidden, string[] Classes, string HiddenActivation, string Output, string ParameterOrder,
    int ParameterCount, double[] Parameters)
{
    public const string MlpKind = "mlp";
    public const string Relu = "relu";
    public const string Softmax = "softmax";
    public const string ParameterOrderRule = "per dense layer, input to output: W (in x out, row-major), then b";

    public static ModelNetwork Of(MlpModel model) =>
        new(MlpKind, model.Shape.InputSize, [.. model.Shape.HiddenSizes], ClassNames(model.Shape.Classes), Relu, Softmax, ParameterOrderRule,
            model.ParameterCount, model.ToVector());

    /// <summary>The names of classes 0 .. <paramref name="classes"/> − 1.</summary>
    public static string[] ClassNames(int classes) => [.. Enumerable.Range(1, classes).Select(Activities.Name)];

    public MlpShape Shape() => new(Input, Hidden, Classes.Length);

    public MlpModel ToModel() => MlpModel.WithParameters(Shape(), Parameters);

    /// <summary>The first problem of a network on <paramref name="features"/> inputs and <paramref name="classes"/> classes, or null.</summary>
    internal string? Problem(int features, int classes)
    {
        if (Kind != MlpKind || HiddenActivation != Relu || Output != Softmax)
            return $"network is a '{Kind}' with '{HiddenActivation}' hidden units and a '{Output}' output; this program applies an '{MlpKind}' with '{Relu}' and '{Softmax}'";
        if (ParameterOrder != ParameterOrderRule)
            return $"network.parameter_order is '{ParameterOrder}'; this program reads '{ParameterOrderRule}'";
        if (Input != features)
            return $"network.input is {Input}, but there are {features} features";
        if (Hidden is null || Hidden.Any(h => h < 1))
            return "network.hidden must list layer widths of at least 1";
        var expected = ClassNames(classes);
        if (Classes is null || !Classes.SequenceEqual(expected))
            return $"network.classes must be the {classes} activities [{string.Join(", ", expected)}], got [{string.Join(", ", Classes ?? [])}]";
        MlpShape shape;
        try
        {
            shape = Shape();
        }
        catch (ArgumentException error)
        {
            return $"network shape: {error.Message}";
        }
        var layers = string.Join('-', shape.LayerSizes);
        if (ParameterCount != shape.ParameterCount)
            return $"network.parameter_count is {ParameterCount}, but an MLP {layers} has {shape.ParameterCount} parameters";
        if (Parameters is null || Parameters.Length != shape.ParameterCount)
            return $"network.parameters has {Parameters?.Length ?? 0} values, but an MLP {layers} has {shape.ParameterCount} parameters";
        for (var i = 0; i < Parameters.Length; i++)
            if (!double.IsFinite(Parameters[i]))
                return $"network.parameters[{i}] is not a finite number";
        return null;
    }
}
