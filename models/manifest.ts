// The manifest of models sharpeye knows by name. Facts (hashes, sizes, pre/post-processing,
// sources, licences) are as verified in the fixtures' MANIFEST; URLs pin the commit that holds the
// exact bytes. Weights are never in the repository: model-resolver.ts says where they come from.
import type { ModelSpec } from './model-spec.js';

const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];
const raw = (repo: string, commit: string, path: string) => `https://raw.githubusercontent.com/${repo}/${commit}/${path}`;

export const MODEL_MANIFEST: readonly ModelSpec[] = [
  {
    name: 'yolov8n-int8',
    task: 'detect',
    description: 'Ultralytics YOLOv8n, COCO 80 classes, dynamically quantized int8 (ConvInteger), no NMS in the graph',
    file: 'yolov8n_int8.onnx',
    sha256: '83de8f0d2cd521e00ae2b138c340a03dece35b060b3898509bdc69afff417312',
    bytes: 3504119,
    urls: [raw('Lamri-Meriem/edge-object-detection', 'a6844ef947be6d0dd3aeafcf4cac6f3d01806e10', 'yolov8n_int8.onnx')],
    license: 'AGPL-3.0 (Ultralytics YOLOv8, per the model metadata; the hosting repository has no licence file)',
    inputSize: [640, 640],
    preprocess: { channelOrder: 'rgb', scale: 1 / 255, resize: 'letterbox', placement: 'top-left', padValue: 114 },
    family: 'yolov8',
    labels: 'coco',
  },
  {
    name: 'yolox-nano',
    task: 'detect',
    description: 'Official Megvii YOLOX-Nano COCO weights, fp32, 416x416; BGR 0-255 input, grid-relative outputs',
    file: 'yolox_nano.onnx',
    sha256: 'd39bee73564e338080378b0ad567fbb40e818b55bbfaf971de82a0267ed16b8a',
    bytes: 3713911,
    urls: [raw('hamacom2004jp/iinfer', 'c7f9a3c5216c6f8b3e8b35886f863dffa2dc0bf9', 'models/yolox_nano.onnx')],
    license: 'Apache-2.0 (official Megvii YOLOX-Nano weights; ONNX conversion from hamacom2004jp/iinfer, MIT)',
    inputSize: [416, 416],
    preprocess: { channelOrder: 'bgr', scale: 1, resize: 'letterbox', placement: 'top-left', padValue: 114 },
    family: 'yolox',
    labels: 'coco',
    decode: { strides: [8, 16, 32] },
  },
  {
    name: 'nanodet-m',
    task: 'detect',
    description: 'NanoDet-m (GFL head, distribution box regression), COCO, 416x416, six outputs',
    file: 'nanodet_m_416.onnx',
    sha256: '4b82da9944b88577175ee23a459dce2e26e6e4be573def65b1055dc2d9720186',
    bytes: 3800954,
    urls: [raw('hpc203/nanodet-opncv-dnn-cpp-python', 'f46e225a0c92ef611395425940927cc4cbef3fb5', 'nanodet_m.onnx')],
    license: 'Apache-2.0 (upstream RangiLyu/nanodet; the hosting repository has no licence file)',
    inputSize: [416, 416],
    preprocess: {
      channelOrder: 'bgr', scale: 1, mean: [103.53, 116.28, 123.675], std: [57.375, 57.12, 58.395],
      resize: 'letterbox', placement: 'center', padValue: 0,
    },
    family: 'nanodet',
    labels: 'coco',
    decode: { strides: [8, 16, 32], regMax: 7 },
  },
  {
    name: 'osnet-x0.25-msmt17',
    task: 'embed',
    description: 'OSNet x0.25 whole-body appearance descriptor (clothing and shape, not faces), 512-d, dynamic batch',
    file: 'osnet_x0_25_msmt17.onnx',
    sha256: '61b2604171ef9d58d21758626f83b35a253c3d7123976523a6e03068c3c95d7b',
    bytes: 921616,
    urls: [raw('akshaydhame2001/YOLOv8_Tracking_TensorRT', '9a5b6fbdf36285fd5b384532f6c2ecd15a675ca2', 'osnet_x0_25_msmt17.onnx')],
    license: 'MIT (torchreid OSNet weights as shipped by BoxMOT, AGPL-3.0 code; the hosting repository has no licence file; MSMT17 training data has research-use terms: check before commercial use)',
    inputSize: [128, 256],
    preprocess: { channelOrder: 'rgb', scale: 1 / 255, mean: IMAGENET_MEAN, std: IMAGENET_STD, resize: 'stretch' },
    embeddingDim: 512,
  },
  {
    name: 'mobilenetv2-int8',
    task: 'embed',
    description: 'MobileNetV2 1.0 ImageNet classifier (ONNX Model Zoo, QOperator int8); the 1000 logits serve as the embedding',
    file: 'mobilenetv2-12-int8.onnx',
    sha256: 'cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f',
    bytes: 3655033,
    urls: [
      raw('Lawrence-lugs/MARP', '4eb1e15524758aa3ba9e42edf398a71bd66ccb74', 'onnx_models/mobilenetv2-12-int8.onnx'),
      // The ONNX Model Zoo original (Git LFS); same size, and the sha256 check guards the rest.
      'https://github.com/onnx/models/raw/main/validated/vision/classification/mobilenet/model/mobilenetv2-12-int8.onnx',
    ],
    license: 'Apache-2.0 (ONNX Model Zoo; the hosting repository Lawrence-lugs/MARP has no licence file)',
    inputSize: [224, 224],
    preprocess: { channelOrder: 'rgb', scale: 1 / 255, mean: IMAGENET_MEAN, std: IMAGENET_STD, resize: 'stretch' },
    labels: 'imagenet',
    embeddingDim: 1000,
  },
];
