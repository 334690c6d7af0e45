import type { DemoGroup } from "./demo-catalog.types.js";

export const homeGroups: DemoGroup[] = [
  {
    category: "Home/Kitchen",
    image: "kitchen.svg",
    brand: "Copper Kettle",
    skuCode: "KIT",
    items: [
      {
        name: "Stoneware Mug",
        price: "14.00",
        description: "A hand-glazed 350 ml mug that keeps tea hot.",
        tags: ["mug", "stoneware"],
        colors: ["Speckled White", "Sage", "Ink"],
        soldOut: ["Ink"],
      },
      {
        name: "Cast Iron Skillet 26 cm",
        price: "45.00",
        description:
          "Pre-seasoned cast iron for searing, baking and frying. It lasts a lifetime.",
        tags: ["pan", "cast iron"],
      },
      {
        name: "Olive Wood Spoon Set",
        price: "19.50",
        description:
          "Three spoons carved from one olive tree's pruned branches.",
        tags: ["utensils", "wood"],
      },
      {
        name: "Pour-over Coffee Dripper",
        price: "24.00",
        description: "A ceramic cone for a clean, bright cup of coffee.",
        tags: ["coffee", "ceramic"],
      },
      {
        name: "Glass Storage Jar 1 L",
        price: "8.75",
        description: "An airtight borosilicate jar with a bamboo lid.",
        tags: ["storage", "glass"],
      },
      {
        name: "Chef's Knife 20 cm",
        price: "89.00",
        description:
          "A forged steel blade with a full tang. Sharp out of the box, easy to hone.",
        tags: ["knife", "steel"],
      },
      {
        name: "Linen Tea Towel",
        price: "9.90",
        description: "Stonewashed linen that dries glasses without lint.",
        tags: ["textile", "linen"],
        colors: ["Natural", "Blue Check"],
      },
      {
        name: "Enamel Milk Pan",
        price: "29.00",
        description: "A small pan for milk, sauces and porridge.",
        tags: ["pan", "enamel"],
        stock: 0,
      },
      {
        name: "Bamboo Cutting Board",
        price: "22.00",
        description: "Hard bamboo with a juice groove on one side.",
        tags: ["board", "bamboo"],
      },
      {
        name: "Teapot with Infuser",
        price: "36.00",
        description: "A 1 L glass teapot with a removable steel infuser.",
        tags: ["tea", "glass"],
      },
      {
        name: "Salt and Pepper Mills",
        price: "42.00",
        description: "A pair of beech mills with adjustable ceramic grinders.",
        tags: ["spice", "wood"],
      },
      {
        name: "Measuring Spoons",
        price: "0.79",
        description: "A set of steel measuring spoons on a ring.",
        tags: ["baking", "steel"],
      },
    ],
  },
  {
    category: "Home/Decor",
    image: "decor.svg",
    brand: "Quiet Room",
    skuCode: "DEC",
    items: [
      {
        name: "Terracotta Plant Pot",
        price: "16.00",
        description: "An unglazed pot with a saucer, 15 cm across.",
        tags: ["plant", "terracotta"],
      },
      {
        name: "Wool Throw Blanket",
        price: "79.00",
        description:
          "Woven from lambswool in a simple herringbone.\nWarm on the sofa, light on the bed.",
        tags: ["blanket", "wool"],
        colors: ["Oatmeal", "Rust"],
      },
      {
        name: "Beeswax Pillar Candle",
        price: "12.50",
        description: "Pure beeswax that burns slowly with a honey scent.",
        tags: ["candle", "beeswax"],
      },
      {
        name: "Linen Cushion Cover",
        price: "25.00",
        description: "A 45 cm cover with a hidden zip.",
        tags: ["cushion", "linen"],
        colors: ["Clay", "Sage", "Cream"],
      },
      {
        name: "Round Wall Mirror",
        price: "95.00",
        description: "A 60 cm mirror in a thin brass frame.",
        tags: ["mirror", "brass"],
      },
      {
        name: "Ceramic Bud Vase",
        price: "18.00",
        description: "A small matte vase for a single stem.",
        tags: ["vase", "ceramic"],
        stock: 0,
      },
      {
        name: "Woven Storage Basket",
        price: "34.00",
        description: "Seagrass woven by hand, with two handles.",
        tags: ["storage", "basket"],
      },
      {
        name: "Brass Candle Holder",
        price: "27.00",
        description: "A solid brass holder for a dinner candle.",
        tags: ["candle", "brass"],
      },
      {
        name: "Framed Botanical Print",
        price: "48.00",
        description: "A fern study printed on cotton paper, in an oak frame.",
        tags: ["print", "art"],
      },
      {
        name: "Table Lamp with Linen Shade",
        price: "119.00",
        description: "A ceramic base and a linen shade for a warm light.",
        tags: ["lamp", "lighting"],
      },
    ],
  },
];
