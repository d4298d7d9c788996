// The Flow Studio canvas: the component, and the pure layout it draws.
export { FlowCanvas, type FlowCanvasProps } from './FlowCanvas';
export {
  layoutFlow,
  LAYOUT,
  type CanvasEdge,
  type CanvasEdgeData,
  type CanvasNode,
  type FlowLayout,
  type LayoutOptions,
} from './layout';
